// A TCP relay between one device and the server that can go silent: after
// stall() it forwards nothing in either direction and keeps the server side
// open, so the server holds a session whose device is gone (a zombie, R7.4)
// until its own keepalive notices. On loopback a destroyed client socket is
// seen at once; a phone that loses its radio is not.
import net from "node:net";

export class StallingProxy {
  constructor(serverPort) {
    this.serverPort = serverPort;
    this.pairs = [];    // {client, upstream} still relaying
    this.silent = [];   // server sides of stalled pairs, open until close()
  }

  // Listens on a free 127.0.0.1 port; resolves with it.
  listen() {
    this.listener = net.createServer((client) => {
      const upstream = net.connect(this.serverPort, "127.0.0.1");
      const pair = { client, upstream };
      this.pairs.push(pair);
      client.pipe(upstream);
      upstream.pipe(client);
      // A stall must not pass the device's close on to the server.
      client.on("error", () => {});
      upstream.on("error", () => client.destroy());
      upstream.on("close", () => client.destroy());
    });
    return new Promise((resolve) => this.listener.listen(0, "127.0.0.1", () => resolve(this.listener.address().port)));
  }

  // The device's network vanishes: nothing more reaches either side, and the
  // server's socket stays open (its writes go unread).
  stall() {
    for (const { client, upstream } of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      upstream.removeAllListeners("close");
      upstream.pause();
      this.silent.push(upstream);
      client.destroy();
    }
    this.pairs = [];
  }

  // The end of the case: close the server side too.
  close() {
    for (const { client, upstream } of this.pairs) { client.destroy(); upstream.destroy(); }
    for (const upstream of this.silent) upstream.destroy();
    this.pairs = [];
    this.silent = [];
    this.listener?.close();
  }
}
