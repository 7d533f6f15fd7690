// Runs conformance cases against one real server (Prosody or ejabberd): one
// private instance per distinct configuration for all the cases that share
// it, several cases at a time on it, each with its own users. Writes
// OUT/NAME.SERVER.txt (the table, table.mjs) for every case that ran, or
// OUT/NAME.SERVER.failed with the reason and the server's log lines for the
// case's users (the whole log is kept, its folder printed).
//
// usage: node run.mjs --server prosody|ejabberd --out DIR [--jobs N]
//                     [--cases-dir DIR] NAME.json...
//        node run.mjs --write-configs DIR NAME.json
// Each NAME.json is what `spoolsim timeline --emit-json` printed for a case;
// cases-dir/NAME.real.json, when present, adds what the timeline schema
// cannot say yet, per server: {"prosody": {...}} (no case needs one now).
// --write-configs writes the configuration each server gets for that
// timeline (folder /tmp/spoolsim-conformance, port 5222), for the importers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { runCase } from "./case.mjs";
import { configKey, ejabberdConfig, prosodyConfig, startServer } from "./servers.mjs";

const CASE_DEADLINE_MS = 90_000;
const argv = process.argv.slice(2);
const opts = {};
const files = [];
for (let i = 0; i < argv.length; ++i) {
  if (argv[i].startsWith("--")) opts[argv[i].slice(2)] = argv[++i];
  else files.push(argv[i]);
}
const fail = (why) => { process.stderr.write(`conformance: ${why}\n`); process.exit(2); };

function extrasFor(name) {
  if (!opts["cases-dir"]) return {};
  const file = path.join(opts["cases-dir"], `${name}.real.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
}

if (opts["write-configs"] !== undefined) {
  if (files.length !== 1) fail("--write-configs needs one timeline JSON");
  const t = JSON.parse(fs.readFileSync(files[0], "utf8"));
  const dir = "/tmp/spoolsim-conformance";
  fs.mkdirSync(opts["write-configs"], { recursive: true });
  fs.writeFileSync(path.join(opts["write-configs"], "conformance-prosody.cfg.lua"), prosodyConfig(dir, 5222, t.server ?? {}));
  fs.writeFileSync(path.join(opts["write-configs"], "conformance-ejabberd.yml"), ejabberdConfig(dir, 5222, t.server ?? {}));
  process.exit(0);
}

const kind = opts.server;
if (kind !== "prosody" && kind !== "ejabberd") fail("--server prosody|ejabberd");
if (!opts.out) fail("--out DIR");
const jobs = Math.max(1, Number(opts.jobs ?? 6));
const trace = process.env.CONFORMANCE_TRACE ? (line) => process.stderr.write(`${line}\n`) : null;

const cases = files.map((f, index) => {
  const name = path.basename(f, ".json");
  const timeline = JSON.parse(fs.readFileSync(f, "utf8"));
  const extra = extrasFor(name);
  return { name, index, timeline, extra, key: configKey(kind, timeline.server ?? {}, extra[kind] ?? {}) };
});

const servers = new Map();  // config key -> {server, dir} or {error}
const base = fs.mkdtempSync(path.join(os.tmpdir(), `conformance-${kind}-`));
let keepBase = Boolean(process.env.CONFORMANCE_KEEP);  // keep the server folders (debugging)

async function startGroup(key, sample) {
  const dir = path.join(base, `instance${servers.size}`);
  fs.mkdirSync(dir, { recursive: true });
  const entry = { dir };
  servers.set(key, entry);
  try {
    entry.server = await startServer(kind, dir, sample.timeline.server ?? {}, sample.extra[kind] ?? {});
  } catch (err) {
    entry.error = err.message;
  }
}

async function runOne(c) {
  const entry = servers.get(c.key);
  const prefix = `c${String(c.index).padStart(2, "0")}x`;
  const out = (ext, text) => fs.writeFileSync(path.join(opts.out, `${c.name}.${kind}.${ext}`), text);
  if (entry.error) {
    keepBase = true;
    out("failed", `the server did not start: ${entry.error}\n`);
    return false;
  }
  let timer;
  try {
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`case took longer than ${CASE_DEADLINE_MS / 1000}s`)), CASE_DEADLINE_MS);
    });
    out("txt", await Promise.race([runCase(entry.server, c.timeline, { prefix, trace }), deadline]));
    return true;
  } catch (err) {
    keepBase = true;
    const names = c.timeline.users.map((u) => `${prefix}${u.name}`);
    out("failed", `${err.stack ?? err}\nserver log kept in ${entry.dir}; its lines for ${names.join(", ")}:\n` +
                  `${entry.server.logLinesFor(names)}\n`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  fs.mkdirSync(opts.out, { recursive: true });
  const groups = new Map();
  for (const c of cases) if (!groups.has(c.key)) groups.set(c.key, c);
  await Promise.all([...groups].map(([key, sample]) => startGroup(key, sample)));
  const queue = [...cases];
  let ok = 0;
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) if (await runOne(c)) ++ok;
  };
  await Promise.all(Array.from({ length: Math.min(jobs, cases.length) }, worker));
  await Promise.all([...servers.values()].map((e) => e.server?.stop()));
  if (keepBase) process.stderr.write(`conformance: ${kind} server folders kept in ${base}\n`);
  else fs.rmSync(base, { recursive: true, force: true });
  process.stderr.write(`conformance: ${kind}: ${ok} of ${cases.length} cases ran on ${servers.size} instance(s)\n`);
  return ok === cases.length;
}

// The servers are children: stop them on every way out.
const stopAll = () => { for (const e of servers.values()) if (e.server && e.server.child.exitCode === null) e.server.child.kill("SIGKILL"); };
process.on("SIGTERM", () => { stopAll(); process.exit(1); });
process.on("SIGINT", () => { stopAll(); process.exit(1); });
process.on("uncaughtException", (err) => { process.stderr.write(`conformance: ${err.stack ?? err}\n`); stopAll(); process.exit(1); });
// A stray rejection inside one case's client must not end the others; that
// case fails by its own deadline or its own error.
process.on("unhandledRejection", (err) => process.stderr.write(`conformance: ignored: ${err?.message ?? err}\n`));
main().then((allRan) => process.exit(allRan ? 0 : 1), (err) => {
  process.stderr.write(`conformance: ${err.stack ?? err}\n`);
  stopAll();
  process.exit(1);
});
