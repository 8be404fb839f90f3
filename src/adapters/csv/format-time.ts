/** A bar time as written in CSV and messages: 2020-01-02 for daily bars, else ISO UTC. */
export function formatBarTime(time: number, daily: boolean): string {
  const iso = new Date(time).toISOString();
  if (daily) return iso.slice(0, 10);
  return iso.endsWith(".000Z") ? iso.slice(0, -5) + "Z" : iso;
}
