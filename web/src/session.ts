import { createResource } from "solid-js";
import { allowed, type Need } from "../../shared/roles";
import { ApiError, getMe } from "./api";

/** The signed-in user, or null when signed out (any other failure is an error, shown as one). */
export const [me, { refetch: refetchMe, mutate: setMe }] = createResource(() =>
  getMe().catch((err) => {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }),
);

/** Whether the signed-in member's role allows this (the API decides; this only hides controls that would be refused). */
export const can = (need: Need) => {
  const role = me()?.membership?.role;
  return role ? allowed(role, need) : false;
};

/** The member has "hide financials": the API leaves every money key out of its answers, so pages leave those figures out too. */
export const hidesFinancials = () => me()?.membership?.hideFinancials === true;

// A page restored from the back/forward cache still shows who was signed in then: ask again.
if (typeof window !== "undefined")
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) void refetchMe();
  });
