/** Pages that later work fills in; each says what it will show rather than faking data. */
export function Placeholder(props: { title: string; text: string }) {
  return (
    <div class="page">
      <h1>{props.title}</h1>
      <p class="muted">{props.text}</p>
    </div>
  );
}
