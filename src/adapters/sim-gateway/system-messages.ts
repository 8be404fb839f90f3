/** TWS's texts for system notices (sent as error(4) with reqId -1). */
const TEXTS: Record<number, string> = {
  1100: "Connectivity between IB and Trader Workstation has been lost.",
  1101: "Connectivity between IB and Trader Workstation has been restored - data lost.",
  1102: "Connectivity between IB and Trader Workstation has been restored - data maintained.",
  2103: "Market data farm connection is broken:usfarm",
  2104: "Market data farm connection is OK:usfarm",
  2105: "HMDS data farm connection is broken:ushmds",
  2106: "HMDS data farm connection is OK:ushmds",
  2107: "HMDS data farm connection is inactive but should be available upon demand.ushmds",
  2108: "Market data farm connection is inactive but should be available upon demand.usfarm",
  2110: "Connectivity between Trader Workstation and server is broken. It will be restored automatically.",
  2157: "Sec-def data farm connection is broken:secdefnj",
  2158: "Sec-def data farm connection is OK:secdefnj",
};

export function systemMessageText(code: number): string {
  return TEXTS[code] ?? `System message ${code}`;
}
