import { createResource, createSignal, For, Show } from "solid-js";
import { INVITABLE_ROLES, type InvitableRole } from "../../../../shared/account";
import { ROLE_LABELS } from "../../../../shared/roles";
import { cancelInvitation, getTeam, invite, removeMember, updateMember } from "../../account-api";
import { CopyButton } from "../../components/CopyButton";
import { TableScroll } from "../../components/TableScroll";
import { fmtDateTime } from "../../format";
import { can, me } from "../../session";
import { createActions, SettingsSection } from "./SettingsSection";

/** Members (role, hide financials) and invitations by link. Analysts see it; owners and admins change it. */
export function TeamSettings() {
  const [team, { refetch }] = createResource(() => (can("inspect") ? getTeam() : Promise.resolve(null)));
  const [lastLink, setLastLink] = createSignal<string | null>(null);
  const { status, act } = createActions(refetch);
  const sendInvite = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    void act(async () => {
      const out = await invite({
        email: String(f.get("email")),
        role: String(f.get("role")) as InvitableRole,
        hideFinancials: f.get("hideFinancials") === "on",
      });
      setLastLink(out.link);
      form.reset();
    }, "Invitation sent. You can also copy its link.");
  };
  return (
    <SettingsSection
      allowed={can("inspect")}
      denied="Viewers do not see the team. Ask an owner or admin."
      data={team}
      what="the team"
      status={status}
    >
      {(t) => (
        <>
          <section class="card">
            <h2>Members</h2>
            <TableScroll label="Members">
              <table class="grid">
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Role</th>
                    <th scope="col">Hide financials</th>
                    <th scope="col">Joined</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={t().members}>
                    {(m) => {
                      const editable = () => can("write") && m.role !== "owner" && m.userId !== me()?.user.id;
                      return (
                        <tr>
                          <td>
                            {m.name} <span class="muted">{m.email}</span>
                          </td>
                          <td>
                            <Show when={editable()} fallback={ROLE_LABELS[m.role]}>
                              <select
                                aria-label={`Role of ${m.email}`}
                                value={m.role}
                                onChange={(e) =>
                                  void act(
                                    () => updateMember(m.id, { role: e.currentTarget.value as InvitableRole }),
                                    `Role of ${m.email} changed.`,
                                  )
                                }
                              >
                                <For each={INVITABLE_ROLES}>{(r) => <option value={r}>{ROLE_LABELS[r]}</option>}</For>
                              </select>
                            </Show>
                          </td>
                          <td>
                            <input
                              type="checkbox"
                              aria-label={`Hide financials from ${m.email}`}
                              checked={m.hideFinancials}
                              disabled={!editable()}
                              onChange={(e) =>
                                void act(
                                  () => updateMember(m.id, { hideFinancials: e.currentTarget.checked }),
                                  `Visibility of ${m.email} changed.`,
                                )
                              }
                            />
                          </td>
                          <td>{fmtDateTime(m.joinedAt)}</td>
                          <td>
                            <Show when={editable()}>
                              <button
                                type="button"
                                class="link danger"
                                onClick={() => void act(() => removeMember(m.id), `${m.email} removed.`)}
                              >
                                Remove
                              </button>
                            </Show>
                          </td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </TableScroll>
          </section>
          <section class="card">
            <h2>Invitations</h2>
            <Show when={t().invitations.length > 0} fallback={<p class="muted">No pending invitations.</p>}>
              <ul class="plain">
                <For each={t().invitations}>
                  {(i) => (
                    <li>
                      {i.email} · {ROLE_LABELS[i.role]}
                      {i.hideFinancials ? " · financials hidden" : ""} ·{" "}
                      <span class={i.expired ? "error" : "muted"}>{i.expired ? "expired" : `expires ${fmtDateTime(i.expiresAt)}`}</span>{" "}
                      <CopyButton text={`${location.origin}/invite/${i.id}`} label={`Copy the invitation link of ${i.email}`} />
                      <Show when={can("write")}>
                        <button
                          type="button"
                          class="link danger"
                          onClick={() => void act(() => cancelInvitation(i.id), "Invitation cancelled.")}
                        >
                          Cancel
                        </button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={can("write")}>
              <form class="inline-form" onSubmit={sendInvite}>
                <label>
                  Email
                  <input name="email" type="email" required />
                </label>
                <label>
                  Role
                  <select name="role">
                    <For each={INVITABLE_ROLES}>{(r) => <option value={r}>{ROLE_LABELS[r]}</option>}</For>
                  </select>
                </label>
                <label class="check">
                  <input name="hideFinancials" type="checkbox" /> Hide financials
                </label>
                <button type="submit">Invite</button>
              </form>
            </Show>
            <Show when={lastLink()}>
              {(l) => (
                <p>
                  Invitation link:{" "}
                  <code class="mono" data-testid="invite-link">
                    {l()}
                  </code>{" "}
                  <CopyButton text={l()} label="Copy the invitation link" />
                </p>
              )}
            </Show>
          </section>
        </>
      )}
    </SettingsSection>
  );
}
