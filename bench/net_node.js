// Node.js peer of bench/net_http.lua and bench/net_tcp.lua: the same loopback HTTP round trips
// (keep-alive, 1 and 16 in flight) and TCP line echo (1 and 16 clients).
// Usage: node bench/net_node.js [httpRequests=20000] [tcpMessages=50000]
'use strict';
const http = require('http');
const net = require('net');
const N = parseInt(process.argv[2] || '20000', 10);
const M = parseInt(process.argv[3] || '50000', 10);

function httpRound(port, agent, inflight, total) {
  return new Promise((resolve) => {
    let started = 0, finished = 0, bad = 0;
    const t0 = process.hrtime.bigint();
    const one = () => {
      started++;
      http.get({host: '127.0.0.1', port, path: '/bench', agent}, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { body += d; });
        res.on('end', () => {
          if (res.statusCode !== 200 || body !== 'ok') bad++;
          finished++;
          if (started < total) one();
          else if (finished === total) resolve([total / (Number(process.hrtime.bigint() - t0) / 1e9), bad]);
        });
      }).on('error', (e) => { bad++; finished++; console.log('error', e.message); });
    };
    for (let i = 0; i < inflight; i++) one();
  });
}

function tcpRound(port, clients, total) {
  return new Promise((resolve) => {
    const per = Math.floor(total / clients);
    let finished = 0;
    const t0 = process.hrtime.bigint();
    for (let c = 0; c < clients; c++) {
      const s = net.connect(port, '127.0.0.1', () => {
        s.setNoDelay(true);
        let n = 0, buf = '';
        s.on('data', (d) => {
          buf += d;
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            buf = buf.slice(i + 1);
            n++;
            if (n < per) s.write('0123456789abcdef0123456789abcdef\n');
            else { s.end(); if (++finished === clients) resolve(per * clients / (Number(process.hrtime.bigint() - t0) / 1e9)); }
          }
        });
        s.write('0123456789abcdef0123456789abcdef\n');
      });
    }
  });
}

(async () => {
  const server = http.createServer((req, res) => { res.setHeader('Content-Type', 'text/plain; charset=utf-8'); res.end('ok'); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const agent = new http.Agent({keepAlive: true, maxSockets: 16});
  await httpRound(port, agent, 16, Math.min(5000, N));
  const [r1, b1] = await httpRound(port, agent, 1, N);
  console.log(`RESULT http in-flight=1  requests=${N}  ${r1.toFixed(0)} req/s  errors=${b1}`);
  const [r16, b16] = await httpRound(port, agent, 16, N);
  console.log(`RESULT http in-flight=16 requests=${N}  ${r16.toFixed(0)} req/s  errors=${b16}`);
  agent.destroy();
  server.close();

  const echo = net.createServer((c) => { c.setNoDelay(true); c.pipe(c); });
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
  const tport = echo.address().port;
  await tcpRound(tport, 1, Math.min(5000, M));
  const t1 = await tcpRound(tport, 1, M);
  console.log(`RESULT tcp echo clients=1  messages=${M}  ${t1.toFixed(0)} msg/s`);
  const t16 = await tcpRound(tport, 16, M);
  console.log(`RESULT tcp echo clients=16 messages=${M}  ${t16.toFixed(0)} msg/s`);
  echo.close();
})();
