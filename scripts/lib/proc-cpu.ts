import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * CPU ms used so far by the processes of a process group (optionally only those named `name`, e.g.
 * "workerd"), from /proc/<pid>/stat: utime + stime, in 10 ms ticks. Ended processes are skipped.
 */
export function groupCpuMs(group: number, name?: string): number {
  let pids: string[] = [];
  try {
    pids = execFileSync("pgrep", ["-g", String(group), ...(name ? ["-x", name] : [])], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
  } catch {
    return 0;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // ended
    }
  }
  return ticks * 10;
}
