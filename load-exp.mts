import { loadHunts } from '/work/main/src/hunts/load.ts';
import { LocalSource } from '/work/main/src/sources/local.ts';
const { hunts } = loadHunts('/work/main/hunts');
const source = new LocalSource(process.argv[2]!, {});
const t = performance.now(); const c0 = process.cpuUsage();
await source.warmUp(hunts.map((h) => h.query));
const c = process.cpuUsage(c0);
console.error('RESULT', process.execArgv.filter((a) => !a.includes('tsx') && !a.includes('import') && !a.includes('old-space')).join(' ') || 'default', 'load', Math.round(performance.now() - t), 'ms cpu', Math.round((c.user + c.system) / 1000), 'rss', Math.round(process.memoryUsage().rss / 2 ** 20));
