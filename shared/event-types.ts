/**
 * The postback event types: the one list every other (D1 enum, query filters, the dashboard's choices,
 * platform presets' event names) derives from. Its own file so that platforms.ts and postback-events.ts
 * both read it without importing each other.
 */
export const POSTBACK_EVENT_TYPES = ["registration", "ftd", "qualified", "deposit", "chargeback", "status_change"] as const;
export type PostbackEventType = (typeof POSTBACK_EVENT_TYPES)[number];
