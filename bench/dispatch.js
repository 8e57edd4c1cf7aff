// Node.js peer of bench/dispatch.lua: N setTimeout(fn, 0) callbacks.
// Usage: node bench/dispatch.js [N] [rounds]
const N = Number(process.argv[2] || 1000000);
const rounds = Number(process.argv[3] || 5);
let best = Infinity;

function round(r) {
  return new Promise((resolve) => {
    let count = 0;
    const t0 = Date.now();
    const cb = () => { count++; };
    for (let i = 0; i < N; i++) setTimeout(cb, 0);
    const check = () => {
      if (count === N) {
        const ms = Date.now() - t0;
        best = Math.min(best, ms);
        console.log(`round ${r}: ${N} callbacks in ${ms} ms = ${Math.round(N / ms * 1000)} callbacks/s`);
        resolve();
      } else setTimeout(check, 1);
    };
    setTimeout(check, 0);
  });
}

(async () => {
  for (let r = 1; r <= rounds; r++) await round(r);
  console.log(`RESULT node dispatch best: ${Math.round(N / best * 1000)} callbacks/s`);
})();
