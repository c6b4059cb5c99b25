/**
 * Why an offer shows one postback key and each of its campaigns another, and which to paste: both
 * count a conversion by its click id, so they differ in where a postback without a usable click id is
 * kept aside and in what a rotation applies to.
 */
export function PostbackKeysNote(props: { kind: "offer" | "campaign" }) {
  return (
    <details class="pb-keys-note" data-testid="postback-keys-note">
      <summary>Why an offer and its campaigns have different postback keys — which one to use</summary>
      <p>
        Every offer has its own postback key, and every campaign has another that covers all the offers it holds. A postback is counted
        once, on the click its click id names, whichever of the two keys brought it.
      </p>
      <ul>
        <li>
          <strong>Offer key</strong>
          {props.kind === "offer" ? " (these URLs)" : " (in the offer's editor)"}: the usual choice — one set of URLs per platform account.
          A postback without a usable click id is kept aside (unattributed) under the offer.
        </li>
        <li>
          <strong>Campaign key</strong>
          {props.kind === "campaign" ? " (these URLs)" : " (in each campaign's editor)"}: when a platform account or partner posts for one
          campaign only, so it can be rotated or stopped without touching the offer. A postback without a usable click id is kept aside
          (unattributed) under the campaign and its site.
        </li>
      </ul>
      <p>Paste one of them per platform account, not both. After a rotation the URLs shown carry the new key.</p>
    </details>
  );
}
