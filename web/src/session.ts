import { createResource } from "solid-js";
import { getMe } from "./api";

/** The signed-in user, or null. Shared by the layout and the pages. */
export const [me, { refetch: refetchMe, mutate: setMe }] = createResource(() => getMe().catch(() => null));
