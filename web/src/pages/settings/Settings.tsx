import { A, useSearchParams } from "@solidjs/router";
import { Match, Show, Switch } from "solid-js";
import { can } from "../../session";
import { ApiKeySettings } from "./ApiKeySettings";
import { ProfileSettings } from "./ProfileSettings";
import { RollupSettings } from "./RollupSettings";
import { TeamSettings } from "./TeamSettings";
import { WorkspaceSettingsForm } from "./WorkspaceSettingsForm";

const TABS = [
  { id: "workspace", label: "Workspace" },
  { id: "team", label: "Members and invitations" },
  { id: "api-keys", label: "API keys" },
  { id: "reports", label: "Reports" },
  { id: "profile", label: "Your account" },
] as const;

/** /settings?tab=… — workspace name, currency and timezone; the team; API keys; report rollups; one's own account. */
export function Settings() {
  const [params] = useSearchParams();
  const tab = () => (TABS.some((t) => t.id === params.tab) ? String(params.tab) : "workspace");
  return (
    <div class="page">
      <div class="toolbar">
        <h1>Settings</h1>
      </div>
      <nav class="tabs" aria-label="Settings sections">
        {TABS.map((t) => (
          <A href={`/settings?tab=${t.id}`} classList={{ active: tab() === t.id }} aria-current={tab() === t.id ? "page" : undefined}>
            {t.label}
          </A>
        ))}
        <Show when={can("inspect")}>
          <A href="/audit">Audit log</A>
        </Show>
      </nav>
      <Switch>
        <Match when={tab() === "workspace"}>
          <WorkspaceSettingsForm />
        </Match>
        <Match when={tab() === "team"}>
          <TeamSettings />
        </Match>
        <Match when={tab() === "api-keys"}>
          <ApiKeySettings />
        </Match>
        <Match when={tab() === "reports"}>
          <RollupSettings />
        </Match>
        <Match when={tab() === "profile"}>
          <ProfileSettings />
        </Match>
      </Switch>
    </div>
  );
}
