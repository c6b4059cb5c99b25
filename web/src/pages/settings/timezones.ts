/** Every IANA zone this browser knows, for the timezone pickers (the API validates the choice). */
export const TIMEZONES: string[] = (() => {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf
    ? ["UTC", ...intl.supportedValuesOf("timeZone")]
    : ["UTC", "Europe/London", "Europe/Malta", "America/New_York"];
})();
