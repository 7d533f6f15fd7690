// One timeline (the JSON that `spoolsim timeline FILE --emit-json` writes)
// against a running real server with xmpp.js: what the devices received, by
// which path, the errors senders got, and the server's spool and archive rows
// at the end, as the table of table.mjs. Cases run side by side on one
// server: each one's users carry its own prefix, and its table names them
// without it.
import { client, xml } from "@xmpp/client";
import crypto from "node:crypto";

import { StallingProxy } from "./proxy.mjs";
import { DOMAIN, PASSWORD, parseSeconds } from "./servers.mjs";
import { formatTable } from "./table.mjs";

const NS_SASL2 = "urn:xmpp:sasl:2";
const NS_SM = "urn:xmpp:sm:3";
const NS_MAM = "urn:xmpp:mam:2";
const NS_DELAY = "urn:xmpp:delay";
const NS_SID = "urn:xmpp:sid:0";
const SETTLE_MS = 400;  // lets the server's flush or resend reach the client
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A stable user-agent id per device (and per login when the device changes it).
function uuidFor(text) {
  const h = crypto.createHash("sha1").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function connect(port, user, { resource, legacy, sm, userAgentId, onResumed, trace }) {
  const userAgent = xml("user-agent", { id: userAgentId }, xml("software", {}, "spoolsim-conformance"));
  const xmpp = client({
    service: `xmpp://127.0.0.1:${port}`,
    domain: DOMAIN,
    username: user,
    resource,
    userAgent,
    // PLAIN on loopback: SCRAM against plain stored passwords derives the
    // keys at every login, seconds on a busy machine, longer than a resume.
    credentials: (authenticate, mechanisms) =>
      authenticate({ username: user, password: PASSWORD }, mechanisms.includes("PLAIN") ? "PLAIN" : mechanisms[0], userAgent),
  });
  xmpp.reconnect.stop();
  xmpp.timeout = 30_000;  // stream opening and closing on a busy machine (default 2 s)
  // ejabberd offers SASL2 on a plain stream only when the header carries
  // `from`, which xmpp.js adds only on TLS streams.
  const baseHeader = xmpp.headerElement.bind(xmpp);
  xmpp.headerElement = () => {
    const el = baseHeader();
    el.attrs.from = `${user}@${DOMAIN}`;
    return el;
  };
  // A legacy client ignores SASL2; a client without XEP-0198 ignores every
  // <sm/> offer (top level, SASL2 inline and Bind2 inline).
  const baseOnElement = xmpp._onElement.bind(xmpp);
  const isSm = (c) => (c.name === "sm" && c.attrs?.xmlns === NS_SM) || c.attrs?.var === NS_SM;
  let sasl2Done = false;
  xmpp._onElement = (el) => {
    trace?.(`<< ${user}/${resource} ${el.toString().slice(0, 600)}`);
    // The resent queue follows <resumed/> at once: mark the phase before it.
    if (el.is("resumed", NS_SM) || (el.is("success", NS_SASL2) && el.getChild("resumed", NS_SM))) onResumed?.();
    if (el.is("success", NS_SASL2)) sasl2Done = true;
    // ejabberd re-advertises <sm/> after a SASL2 success that already enabled
    // it inline; xmpp.js would enable again, get <failed/> and forget the
    // resumption id. A client that negotiated SM inline ignores the offer.
    if (sasl2Done && el.is("features", "http://etherx.jabber.org/streams")) {
      el.children = el.children.filter((c) => !isSm(c));
    }
    if (el.is("features", "http://etherx.jabber.org/streams")) {
      if (legacy) el.children = el.children.filter((c) => !(c.name === "authentication" && c.attrs.xmlns === NS_SASL2));
      if (!sm) {
        el.children = el.children.filter((c) => !isSm(c));
        const inline = el.getChild("authentication", NS_SASL2)?.getChild("inline");
        if (inline) inline.children = inline.children.filter((c) => !isSm(c));
        const bindInline = inline?.getChild("bind", "urn:xmpp:bind:0")?.getChild("inline");
        if (bindInline) bindInline.children = bindInline.children.filter((c) => !isSm(c));
      }
    }
    return baseOnElement(el);
  };
  xmpp.on("error", () => {});  // a dropped socket is an expected error
  return xmpp;
}

function bodyId(message) {
  return message?.getChildText("body") ?? null;
}

// A timeline with every user name prefixed (XMPP localparts of this case).
function withPrefix(t, prefix) {
  const p = (name) => `${prefix}${name}`;
  return {
    ...t,
    users: t.users.map((u) => ({ ...u, name: p(u.name), roster: (u.roster ?? []).map(p) })),
    devices: t.devices.map((d) => ({ ...d, user: p(d.user) })),
    steps: t.steps.map((s) => (s.send ? { ...s, send: { ...s.send, from: p(s.send.from), to: p(s.send.to) } } : s)),
  };
}

class Device {
  constructor(spec, run) {
    this.spec = spec;
    this.run = run;
    this.logins = 0;
    this.cursor = null;   // newest archive id received by any path (R7.3)
    this.xmpp = null;
    this.phase = "idle";  // idle | flush | resumed | online
    this.smState = null;  // {id, inbound} of a dropped session with stream management
    this.proxy = null;    // a device with a `stall` step connects through one
  }

  label() { return `${this.spec.user}/${this.spec.name}`; }

  record(id, how, stanza) {
    this.run.receptions.push({ message: id, device: this.label(), path: how });
    const sid = stanza?.getChildren("stanza-id", NS_SID).find((s) => s.attrs.by === `${this.spec.user}@${DOMAIN}`);
    if (sid) this.cursor = sid.attrs.id;
  }

  onStanza(stanza) {
    if (!stanza.is("message")) return;
    const result = stanza.getChild("result", NS_MAM);
    if (result) {
      const inner = result.getChild("forwarded", "urn:xmpp:forward:0")?.getChild("message");
      const id = bodyId(inner);
      if (id) {
        this.run.receptions.push({ message: id, device: this.label(), path: "mam" });
        this.cursor = result.attrs.id;
      }
      return;
    }
    const id = bodyId(stanza);
    if (!id || stanza.attrs.type === "error") return;
    const delayed = stanza.getChild("delay", NS_DELAY);
    let how = "live";
    if (this.phase === "resumed") how = "sm-resend";
    else if (delayed) how = "offline";
    this.record(id, how, stanza);
  }

  async login() {
    this.logins += 1;
    const s = this.spec;
    const uaSeed = s.client?.new_user_agent_each_login ? `${s.user}/${s.name}#${this.logins}` : `${s.user}/${s.name}`;
    const c = s.client ?? {};
    const legacy = (c.auth ?? "sasl1") === "sasl1";
    let port = this.run.port;
    if (this.run.stalls.has(s.name)) {
      this.proxy = new StallingProxy(this.run.port);
      port = await this.proxy.listen();
      this.run.proxies.push(this.proxy);
    }
    this.xmpp = connect(port, s.user, {
      resource: s.name, legacy, sm: c.stream_management ?? false, userAgentId: uuidFor(uaSeed),
      onResumed: () => { this.phase = "resumed"; }, trace: this.run.trace,
    });
    // A dropped session with stream management: offer to resume it (R7.1).
    const sm = this.xmpp.streamManagement;
    if (this.smState) Object.assign(sm, this.smState);
    this.smState = null;
    let resumed = false;
    sm.on("resumed", () => { resumed = true; });
    this.phase = "flush";
    this.xmpp.on("stanza", (st) => this.onStanza(st));
    // xmpp.js emits no "online" for a resumed stream (it expects the same
    // entity to reconnect), so a resume ends the wait too.
    const online = this.xmpp.start();
    online.catch(() => {});
    await Promise.race([online, new Promise((r) => sm.once("resumed", r))]);
    await sleep(100);  // legacy SM enable follows the bind
    if (resumed) {  // no bind, no presence, no catch-up: the queue comes back
      await sleep(SETTLE_MS);
      this.phase = "online";
      return;
    }
    const catchUp = c.mam_catchup ?? false;
    if (catchUp && s.mam_before_presence) await this.catchUp();
    await this.xmpp.send(xml("presence", {}, xml("priority", {}, String(c.presence_priority ?? 0))));
    await sleep(SETTLE_MS);
    if (catchUp && !s.mam_before_presence) await this.catchUp();
    this.phase = "online";
  }

  // XEP-0313 with RSM: forward from the cursor, or the newest N backward.
  async catchUp() {
    const c = this.spec.client ?? {};
    const max = String(c.catchup_max_messages ?? 100);
    const backward = c.catchup_order === "backward";
    const set = backward
      ? xml("set", { xmlns: "http://jabber.org/protocol/rsm" }, xml("max", {}, max), xml("before"))
      : xml("set", { xmlns: "http://jabber.org/protocol/rsm" }, xml("max", {}, max),
            this.cursor ? xml("after", {}, this.cursor) : null);
    await this.xmpp.iqCaller.set(xml("query", { xmlns: NS_MAM, queryid: `q${this.logins}` }, set));
    await sleep(100);
  }

  async close() {
    this.phase = "idle";
    await this.xmpp.stop();
    this.xmpp = null;
  }

  // The network goes away without a close (a `stall` step): the stalling
  // proxy stops forwarding and keeps the server side open, so the server
  // holds a zombie until its own keepalive notices (R7.4).
  async stall() {
    this.proxy.stall();
    await this.drop();
  }

  // The socket goes away without a close; the server sees it at once.
  async drop() {
    this.phase = "idle";
    const sm = this.xmpp.streamManagement;
    // A client that makes up a new user-agent id at every login keeps no
    // resumption state either: its next login is a new session.
    if (sm.id && !this.spec.client?.new_user_agent_each_login) this.smState = { id: sm.id, inbound: sm.inbound, outbound: sm.outbound, outbound_q: [...sm.outbound_q] };
    this.xmpp.socket?.socket?.destroy();
    this.xmpp.socket?.destroy?.();
    await sleep(100);
    this.xmpp = null;
  }
}

// A sender: logged in the legacy way without presence, so it is never an
// available session of its own user; it receives the error stanzas.
async function senderFor(run, user) {
  const xmpp = connect(run.port, user, { resource: "sender", legacy: true, sm: false, userAgentId: uuidFor(`${user}/sender`), trace: run.trace });
  xmpp.on("stanza", (st) => {
    if (st.is("message") && st.attrs.type === "error") {
      const err = st.getChild("error");
      const condition = err?.children.find((c) => c.name && c.name !== "text")?.name ?? "unknown";
      run.errors.push({ message: st.attrs.id, user, condition });
    }
  });
  await xmpp.start();
  return xmpp;
}

async function setMamDefault(run, user, policy) {
  const xmpp = connect(run.port, user, { resource: "setup", legacy: true, sm: false, userAgentId: uuidFor(`${user}/setup`), trace: run.trace });
  await xmpp.start();
  await xmpp.iqCaller.set(xml("prefs", { xmlns: NS_MAM, default: policy }));
  await xmpp.stop();
}

// Runs `timeline` on `server` with its users under `prefix`. Returns the table.
export async function runCase(server, timeline, { prefix = "", trace = null } = {}) {
  const t = withPrefix(timeline, prefix);
  // Devices with a `stall` step connect through a stalling proxy.
  const stalls = new Set(t.steps.filter((s) => s.stall).map((s) => s.stall));
  const run = { port: server.port, receptions: [], errors: [], stalls, proxies: [], trace };
  const devices = new Map(t.devices.map((d) => [d.name, new Device(d, run)]));
  const senders = new Map();
  try {
    server.addUsers(t.users);
    for (const u of t.users) if (u.mam_default) await setMamDefault(run, u.name, u.mam_default);
    for (const step of t.steps) {
      if (step.send && !senders.has(step.send.from)) senders.set(step.send.from, await senderFor(run, step.send.from));
    }
    const start = Date.now();
    const recipients = new Map();
    for (const step of t.steps) {
      const due = parseSeconds(step.at ?? "0s") * 1000;
      const wait = start + due - Date.now();
      if (wait > 0) await sleep(wait);
      if (step.login) await devices.get(step.login).login();
      else if (step.close) await devices.get(step.close).close();
      else if (step.drop) await devices.get(step.drop).drop();
      else if (step.stall) await devices.get(step.stall).stall();
      else if (step.send) {
        const m = step.send;
        recipients.set(m.id, m.to);
        await senders.get(m.from).send(xml("message", { to: `${m.to}@${DOMAIN}`, type: "chat", id: m.id },
          xml("body", {}, m.id), m.no_store ? xml("no-store", { xmlns: "urn:xmpp:hints" }) : null));
        await sleep(150);
      }
    }
    await sleep(parseSeconds(t.settle ?? "1s") * 1000);
    for (const d of devices.values()) if (d.xmpp) await d.drop();
    for (const s of senders.values()) await s.stop().catch(() => {});
    senders.clear();
    await sleep(300);
    const rows = server.rows();
    const ours = (r) => recipients.get(r.id) === r.user;
    const bare = (name) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
    const unprefixRow = (r) => ({ ...r, user: bare(r.user) });
    const result = {
      server: server.kind, timeline: timeline.name,
      receptions: run.receptions.map((r) => ({ ...r, device: bare(r.device) })),
      errors: run.errors.map((e) => ({ ...e, user: bare(e.user) })),
      spool: rows.spool.filter(ours).map(unprefixRow), archive: rows.archive.filter(ours).map(unprefixRow),
    };
    return formatTable(timeline, result);
  } finally {
    for (const d of devices.values()) d.xmpp?.socket?.socket?.destroy();
    for (const s of senders.values()) s.socket?.socket?.destroy();
    for (const p of run.proxies) p.close();
  }
}
