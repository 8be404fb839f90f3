import type { IsoDate } from "./civil-date.ts";

/**
 * One-off NYSE full-day closures that no rule predicts (mourning days, storms, attacks).
 * Add new ones here when the exchange announces them; each needs its date and reason.
 */
export const SPECIAL_CLOSURES: ReadonlyMap<IsoDate, string> = new Map([
  ["1985-09-27", "Hurricane Gloria"],
  ["1994-04-27", "National Day of Mourning for Richard Nixon"],
  ["2001-09-11", "September 11 attacks"],
  ["2001-09-12", "September 11 attacks"],
  ["2001-09-13", "September 11 attacks"],
  ["2001-09-14", "September 11 attacks"],
  ["2004-06-11", "National Day of Mourning for Ronald Reagan"],
  ["2007-01-02", "National Day of Mourning for Gerald Ford"],
  ["2012-10-29", "Hurricane Sandy"],
  ["2012-10-30", "Hurricane Sandy"],
  ["2018-12-05", "National Day of Mourning for George H. W. Bush"],
  ["2025-01-09", "National Day of Mourning for Jimmy Carter"],
]);

/** One-off 13:00 ET early closes that no rule predicts. */
export const SPECIAL_EARLY_CLOSES: ReadonlyMap<IsoDate, string> = new Map([
  ["2003-12-26", "Day after Christmas"],
]);
