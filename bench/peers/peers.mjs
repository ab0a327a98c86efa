// peers.mjs judges the shared sets with one npm filter and prints one JSON
// line per set: confusion counts per scored group and posts/s of the judging
// loop alone (set loaded in memory first, one warm-up pass, then whole passes
// until --min-seconds have gone). Usage:
//   node peers.mjs --tool NAME --data DIR [--round N] [--min-seconds S]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);

// Each tool: what it claims, which kind of set it is scored on, and a
// judge(text) -> boolean built with the library's recommended API and its
// default word list or configuration.
const tools = {
  obscenity: {
    kind: 'abuse',
    make() {
      const { RegExpMatcher, englishDataset, englishRecommendedTransformers } = require('obscenity');
      const m = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
      return (t) => m.hasMatch(t);
    },
  },
  '@2toad/profanity': {
    kind: 'abuse',
    make() {
      const { profanity } = require('@2toad/profanity');
      return (t) => profanity.exists(t);
    },
  },
  'bad-words': {
    kind: 'abuse',
    async make() {
      const { Filter } = await import('bad-words');
      const f = new Filter();
      return (t) => f.isProfane(t);
    },
  },
  'leo-profanity': {
    kind: 'abuse',
    make() {
      const filter = require('leo-profanity');
      return (t) => filter.check(t);
    },
  },
  'redact-pii': {
    kind: 'pii',
    make() {
      const { SyncRedactor } = require('redact-pii');
      const r = new SyncRedactor();
      // A post is flagged when the redactor changed anything in it.
      return (t) => r.redact(t) !== t;
    },
  },
};

const { values: opt } = parseArgs({
  options: {
    tool: { type: 'string' },
    data: { type: 'string', default: '../shared/data' },
    sets: { type: 'string', default: new URL('./sets.json', import.meta.url).pathname },
    round: { type: 'string', default: '1' },
    'min-seconds': { type: 'string', default: '1' },
  },
});
const tool = tools[opt.tool];
if (!tool) {
  console.error(`unknown --tool ${opt.tool}; one of: ${Object.keys(tools).join(', ')}`);
  process.exit(2);
}

// readSet returns [{text, labels:Set}]: JSON Lines of {"id","text","labels"},
// or the NHS-number CSV (first column the number, second "valid"/other).
function readSet(path) {
  const raw = readFileSync(path, 'utf8');
  if (path.endsWith('.csv')) {
    return raw.split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => {
      const [text, label] = l.split(',', 2);
      return { text, labels: new Set(label === 'valid' ? ['patient_info'] : []) };
    });
  }
  return raw.split('\n').filter((l) => l.trim() !== '').map((l) => {
    const it = JSON.parse(l);
    return { text: it.text, labels: new Set(it.labels ?? []) };
  });
}

function score(items, preds, groups) {
  return groups.map((name) => {
    const members = name.split('+');
    const c = { name, tp: 0, fp: 0, fn: 0, tn: 0 };
    items.forEach((it, i) => {
      const g = members.some((m) => it.labels.has(m));
      const p = preds[i];
      if (g && p) c.tp++;
      else if (p) c.fp++;
      else if (g) c.fn++;
      else c.tn++;
    });
    return c;
  });
}

let judge;
try {
  judge = await tool.make();
} catch (err) {
  // Not installed, or it wanted something it could not fetch: say so and
  // let the run go on without it.
  console.log(JSON.stringify({ round: Number(opt.round), tool: opt.tool, error: String(err?.message ?? err).split('\n')[0] }));
  process.exit(0);
}
const minNs = BigInt(Math.round(Number(opt['min-seconds']) * 1e9));
const sets = JSON.parse(readFileSync(opt.sets, 'utf8')).filter((s) => s.kind === tool.kind);
for (const s of sets) {
  const items = readSet(`${opt.data}/${s.file}`);
  const texts = items.map((it) => it.text);
  const preds = new Array(texts.length).fill(false);
  for (let i = 0; i < texts.length; i++) preds[i] = judge(texts[i]); // warm-up
  let passes = 0;
  let elapsed = 0n;
  while (passes === 0 || elapsed < minNs) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < texts.length; i++) preds[i] = judge(texts[i]);
    elapsed += process.hrtime.bigint() - t0;
    passes++;
  }
  const seconds = Number(elapsed) / 1e9;
  console.log(JSON.stringify({
    round: Number(opt.round), tool: opt.tool, set: s.name, kind: s.kind, posts: texts.length, passes,
    seconds, posts_per_second: (passes * texts.length) / seconds, groups: score(items, preds, s.groups),
  }));
}
