// Records a real server under a known population, for the calibration tests
// (docs/calibrate.md, tests/calibrate/data/SOURCES.md): starts Prosody 13 or
// ejabberd 24.12 privately on 127.0.0.1 with the conformance harness
// (tests/conformance/driver/servers.mjs, imported, not changed), lets users
// with 1-3 devices each come and go with durations drawn from the
// distributions in PARAMS below, in compressed time (one recorded second
// stands for `time_scale` seconds of a day), sends messages to contacts and
// to strangers, stops the server while devices are still online (periods cut
// by the log's end), and keeps the server's log and the tables calibrate
// reads, with the temporary folder and the server's port scrubbed.
//
// usage: node tests/calibrate/record/record.mjs --server prosody|ejabberd --out DIR
//                                               [--seed N] [--minutes M (default 6)]
// writes DIR/real-SERVER.log (Prosody: real-prosody-debug.log, its info lines
// and the debug lines calibrate reads, and real-prosody-info.log, the info
// lines alone), DIR/real-SERVER.sqlite (the tables calibrate reads) and
// DIR/real-SERVER.params.json (the known parameters and what was done).
// Needs `npm ci` in tests/conformance/driver (scripts/install-deps conformance).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const driver = path.resolve(here, "../../conformance/driver");
const { DOMAIN, PASSWORD, startServer } = await import(pathToFileURL(path.join(driver, "servers.mjs")));
// xmpp.js as the harness pins it (its node_modules: `npm ci` there).
const requireFromDriver = createRequire(path.join(driver, "package.json"));
const { client, xml } = await import(pathToFileURL(requireFromDriver.resolve("@xmpp/client")));

// The known population. Durations in recorded seconds; time_scale says what
// one recorded second stands for (60: a minute), so a 12 s median online
// period is a 12 min one in the day the recording compresses.
const PARAMS = {
  time_scale: 60,
  users: 40,
  devices_per_user: { values: [1, 2, 3], weights: [0.5, 0.3, 0.2] },
  contacts_per_user: 2,  // each user adds this many others, both ways (mean degree about 4)
  stranger_share: 0.15,  // of sends, to a user outside the sender's roster
  send_rate_per_online_device_s: 1 / 15,
  body_length: { lognormal: { median: 40, sigma: 0.6 } },
  clients: {
    conversations: {
      weight: 0.4, resource: (r) => `Conversations.${r.word(4)}`,
      online: { lognormal: { median: 12, sigma: 0.6 } }, offline: { exponential: { mean: 30 } }, abrupt_share: 0.3,
    },
    gajim: {
      weight: 0.35, resource: (r) => `gajim.${r.word(8)}`,
      online: { lognormal: { median: 30, sigma: 0.5 } }, offline: { exponential: { mean: 20 } }, abrupt_share: 0.1,
    },
    dino: {
      weight: 0.25, resource: (r) => `dino.${r.word(8)}`,
      online: { lognormal: { median: 20, sigma: 0.7 } }, offline: { exponential: { mean: 25 } }, abrupt_share: 0.2,
    },
  },
};

const argv = process.argv.slice(2);
const opts = {};
for (let i = 0; i < argv.length; ++i) if (argv[i].startsWith("--")) opts[argv[i].slice(2)] = argv[++i];
const fail = (why) => { process.stderr.write(`record: ${why}\n`); process.exit(2); };
const kind = opts.server;
if (kind !== "prosody" && kind !== "ejabberd") fail("--server prosody|ejabberd");
if (!opts.out) fail("--out DIR");
const seed = Number(opts.seed ?? 14);
const minutes = Number(opts.minutes ?? 6);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// mulberry32: the draws are reproducible from the seed (the timing is real).
function rng(s) {
  let a = s >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return {
    next,
    pick: (weights) => {
      const total = weights.reduce((x, y) => x + y, 0);
      let u = next() * total;
      for (let i = 0; i < weights.length; ++i) if ((u -= weights[i]) < 0) return i;
      return weights.length - 1;
    },
    draw: (d) => (d.lognormal ? d.lognormal.median * Math.exp(d.lognormal.sigma * normal())
                              : -d.exponential.mean * Math.log(1 - next())),
    word: (n) => Array.from({ length: n }, () => "abcdefghijkmnpqrstuvwxyz23456789"[Math.floor(next() * 32)]).join(""),
  };
}
const r = rng(seed);

const mean = (d) => (d.lognormal ? d.lognormal.median * Math.exp(d.lognormal.sigma ** 2 / 2) : d.exponential.mean);

// Users, rosters (symmetric), devices.
const names = Array.from({ length: PARAMS.users }, (_, i) => `user${String(i + 1).padStart(2, "0")}`);
const roster = new Map(names.map((n) => [n, new Set()]));
for (const n of names) {
  for (let k = 0; k < PARAMS.contacts_per_user; ++k) {
    let peer = n;
    while (peer === n) peer = names[Math.floor(r.next() * names.length)];
    roster.get(n).add(peer);
    roster.get(peer).add(n);
  }
}
const clientNames = Object.keys(PARAMS.clients);
const devices = [];
for (const n of names) {
  const count = PARAMS.devices_per_user.values[r.pick(PARAMS.devices_per_user.weights)];
  for (let d = 0; d < count; ++d) {
    const c = clientNames[r.pick(clientNames.map((x) => PARAMS.clients[x].weight))];
    devices.push({ user: n, client: c, resource: PARAMS.clients[c].resource(r), xmpp: null, sessions: 0 });
  }
}

const done = { logins: 0, clean: 0, abrupt: 0, sent: 0, to_strangers: 0, login_failures: 0, online_at_stop: 0 };
let stopping = false;
let nextId = 0;

function connect(port, d) {
  const xmpp = client({
    service: `xmpp://127.0.0.1:${port}`, domain: DOMAIN, username: d.user, resource: d.resource,
    credentials: (authenticate, mechanisms) =>
      authenticate({ username: d.user, password: PASSWORD }, mechanisms.includes("PLAIN") ? "PLAIN" : mechanisms[0]),
  });
  xmpp.reconnect.stop();
  xmpp.timeout = 30_000;
  // A legacy client (SASL1, resource binding, no XEP-0198): no SASL2 and no
  // stream management, so a drop ends the session at once on both servers.
  const base = xmpp._onElement.bind(xmpp);
  xmpp._onElement = (el) => {
    if (el.is("features", "http://etherx.jabber.org/streams")) {
      el.children = el.children.filter((c) => !(c.name === "authentication" && c.attrs.xmlns === "urn:xmpp:sasl:2") &&
                                              !(c.name === "sm" && c.attrs.xmlns === "urn:xmpp:sm:3"));
    }
    return base(el);
  };
  xmpp.on("error", () => {});
  return xmpp;
}

async function send(d, onlineUntil) {
  while (!stopping && d.xmpp) {
    const wait = -Math.log(1 - r.next()) / PARAMS.send_rate_per_online_device_s * 1000;
    if (Date.now() + wait >= onlineUntil) return;
    await sleep(wait);
    if (stopping || !d.xmpp) return;
    const contacts = [...roster.get(d.user)];
    const strangers = names.filter((n) => n !== d.user && !roster.get(d.user).has(n));
    const toStranger = r.next() < PARAMS.stranger_share;
    const list = toStranger ? strangers : contacts;
    const to = list[Math.floor(r.next() * list.length)];
    const length = Math.max(1, Math.round(r.draw(PARAMS.body_length)));
    const id = `r${++nextId}`;
    try {
      await d.xmpp.send(xml("message", { to: `${to}@${DOMAIN}`, type: "chat", id }, xml("body", {}, "x".repeat(length))));
      done.sent += 1;
      if (toStranger) done.to_strangers += 1;
    } catch { return; }
  }
}

// One device: offline and online periods in turn, from a stationary start
// (online with the long-run probability; the exponential gap needs no
// residual correction).
async function live(port, d, endAt) {
  const c = PARAMS.clients[d.client];
  const pOn = mean(c.online) / (mean(c.online) + mean(c.offline));
  let online = r.next() < pOn;
  while (!stopping) {
    if (!online) {
      const gap = r.draw(c.offline) * 1000;
      if (Date.now() + gap >= endAt) return;
      await sleep(gap);
      if (stopping) return;
    }
    online = false;
    const xmpp = connect(port, d);
    try {
      await xmpp.start();
    } catch {
      done.login_failures += 1;
      xmpp.socket?.destroy?.();
      continue;
    }
    d.xmpp = xmpp;
    done.logins += 1;
    const until = Date.now() + r.draw(c.online) * 1000;
    const abrupt = r.next() < c.abrupt_share;
    await xmpp.send(xml("presence")).catch(() => {});
    const sender = send(d, Math.min(until, endAt));
    while (!stopping && Date.now() < until) await sleep(Math.min(250, until - Date.now()));
    if (stopping) return;  // still online when the server stops: cut by the log's end
    d.xmpp = null;
    await sender;
    if (abrupt) {  // the socket goes without a stream close (as case.mjs drops)
      xmpp.socket?.socket?.destroy();
      xmpp.socket?.destroy?.();
      done.abrupt += 1;
    } else {
      await xmpp.stop().catch(() => {});
      done.clean += 1;
    }
  }
}

const base = fs.mkdtempSync(path.join(os.tmpdir(), `calib-record-${kind}-`));
const settings = { mam: { default: "always" }, stream_management: { resume_timeout: "3s" } };
const server = await startServer(kind, base, settings);
const stopServer = () => { if (server.child.exitCode === null) server.child.kill("SIGKILL"); };
process.on("SIGINT", () => { stopServer(); process.exit(1); });
process.on("unhandledRejection", (err) => process.stderr.write(`record: ignored: ${err?.message ?? err}\n`));
try {
  server.addUsers(names.map((n) => ({ name: n, roster: [...roster.get(n)] })));
  const endAt = Date.now() + minutes * 60_000;
  const lives = devices.map((d) => live(server.port, d, endAt));
  while (Date.now() < endAt) await sleep(1000);
  stopping = true;
  done.online_at_stop = devices.filter((d) => d.xmpp).length;
  await Promise.race([Promise.all(lives), sleep(5000)]);
  await sleep(1500);  // the last messages reach the archive
  await server.stop();  // the devices still online are cut by the shutdown
  for (const d of devices) d.xmpp?.socket?.destroy?.();
} catch (err) {
  stopServer();
  fail(`${err.stack ?? err}; server folder kept in ${base}`);
}

// ---- what is kept -------------------------------------------------------------
fs.mkdirSync(opts.out, { recursive: true });
const scrub = (text) => text.replaceAll(base, "DIR").replaceAll(`:${server.port}`, ":PORT")
  .replaceAll(`, ${server.port})`, ", PORT)");
const stem = path.join(opts.out, `real-${kind}`);
const sqlite = (db, sql) => execFileSync("sqlite3", [db, sql]);
if (kind === "ejabberd") {
  fs.writeFileSync(`${stem}.log`, scrub(fs.readFileSync(path.join(base, "log", "ejabberd.log"), "utf8")));
  const db = `${stem}.sqlite`;
  fs.rmSync(db, { force: true });
  sqlite(db, `ATTACH '${path.join(base, "ejabberd.sqlite")}' AS src;` +
    "CREATE TABLE archive AS SELECT * FROM src.archive; CREATE TABLE rosterusers AS SELECT * FROM src.rosterusers;");
} else {
  const lines = scrub(fs.readFileSync(path.join(base, "server.log"), "utf8")).split("\n");
  const info = (l) => /\t(info|warn|error)\t/.test(l);
  // The debug log is large (stanza dumps): keep its info lines and the debug
  // lines calibrate reads (calibrate/sessions.cpp), whole and in order.
  const read = /\tdebug\t(Resource bound: |Received <\/stream:stream>|mod_smacks resuming existing session )/;
  fs.writeFileSync(`${stem}-debug.log`, `${lines.filter((l) => info(l) || read.test(l)).join("\n")}\n`);
  // What Prosody writes at level info: the same lines without the debug ones.
  fs.writeFileSync(`${stem}-info.log`, `${lines.filter(info).join("\n")}\n`);
  const db = `${stem}.sqlite`;
  fs.rmSync(db, { force: true });
  sqlite(db, `ATTACH '${path.join(base, "data", "prosody.sqlite")}' AS src;` +
    "CREATE TABLE prosodyarchive AS SELECT * FROM src.prosodyarchive WHERE store='archive';" +
    "CREATE TABLE prosody AS SELECT * FROM src.prosody WHERE store='roster';");
}
sqlite(`${stem}.sqlite`, "VACUUM;");
const known = {
  ...PARAMS,
  clients: Object.fromEntries(clientNames.map((c) => { const { resource, ...rest } = PARAMS.clients[c]; return [c, rest]; })),
  seed, minutes, server: kind,
  devices: devices.length,
  devices_by_client: Object.fromEntries(clientNames.map((c) => [c, devices.filter((d) => d.client === c).length])),
  users_by_devices: PARAMS.devices_per_user.values.map((v) => names.filter((n) => devices.filter((d) => d.user === n).length === v).length),
  done,
};
fs.writeFileSync(`${stem}.params.json`, `${JSON.stringify(known, null, 2)}\n`);
fs.rmSync(base, { recursive: true, force: true });
process.stderr.write(`record: ${kind}: ${JSON.stringify(done)}\n`);
process.exit(0);
