// The per-message, per-device table that both executions of a timeline print
// (the real server through run.mjs, spoolsim through `spoolsim timeline`):
// one line per message and recipient device with the paths of its receptions
// in order (live, offline, sm-resend, mam; "-" for none), one line per message
// with the sender's error, then the recipients' spool and archive rows.
export function formatTable(timeline, result) {
  const lines = [`# timeline ${timeline.name} on ${result.server}`];
  const sends = timeline.steps.filter((s) => s.send).map((s) => s.send);
  for (const m of sends) {
    for (const d of timeline.devices.filter((x) => x.user === m.to)) {
      const label = `${d.user}/${d.name}`;
      const paths = result.receptions.filter((r) => r.message === m.id && r.device === label).map((r) => r.path);
      lines.push(`${m.id} ${label} ${paths.length ? paths.join("+") : "-"}`);
    }
    const errs = result.errors.filter((e) => e.message === m.id).map((e) => e.condition);
    lines.push(`${m.id} error ${errs.length ? "bounced" : "-"}`);
  }
  const recipients = [...new Set(sends.map((m) => m.to))];
  for (const u of recipients) {
    const ids = (rows) => rows.filter((r) => r.user === u).map((r) => r.id).join(" ") || "-";
    lines.push(`spool ${u} ${ids(result.spool)}`);
    lines.push(`archive ${u} ${ids(result.archive)}`);
  }
  return lines.join("\n") + "\n";
}
