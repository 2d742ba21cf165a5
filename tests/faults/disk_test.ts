/**
 * Write failures and read-only caches. A full disk (a small tmpfs, when running as root) ends with one line
 * naming the path and the cause, exit 3, no stack trace, no `.tmp` left, every entry written before intact. A
 * read-only cache (Deno's permissions withholding writes; and a non-root user via `setpriv`, when running as root)
 * serves `plan`, `verify` and a no-op `repro`, and `--force` says why it cannot run (exit 3). (Before the fix: an
 * uncaught error with a stack trace and a `.tmp` left behind; `verify` failed writing `index.json`.)
 */
import { assert, assertEquals } from "../../src/std/assert.ts";
import { EXIT } from "../../src/core/exit_codes.ts";
import { crashLine, listFiles, ROOT, runToy, scanCache, TOY_PERMS, type ToyRun } from "./helpers.ts";

const isRoot = Deno.uid() === 0;

async function sh(cmd: string, args: string[]): Promise<boolean> {
  try {
    return (await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output()).success;
  } catch {
    return false;
  }
}

/** One clear error line, no stack trace. */
function assertOneLineError(r: ToyRun, needle: RegExp, label: string) {
  const errors = r.err.split("\n").filter((l) => l.startsWith("error:"));
  assertEquals(errors.length, 1, `${label}: ${r.err}`);
  assert(needle.test(errors[0]), `${label}: ${errors[0]}`);
  assertEquals(crashLine(r.out + r.err), undefined, `${label}: ${r.err}`);
}

Deno.test({
  name: "faults: a full disk ends with one line, exit 3, no .tmp, nothing corrupt",
  ignore: !isRoot,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "cg_full_" });
    const mnt = `${dir}/mnt`;
    await Deno.mkdir(mnt);
    if (!(await sh("mount", ["-t", "tmpfs", "-o", "size=28k", "tmpfs", mnt]))) {
      console.log("skipped: cannot mount a tmpfs here");
      await Deno.remove(dir, { recursive: true });
      return;
    }
    try {
      const r = await runToy("base", ["verify", "--force", "--cache", `${mnt}/cache`, "--jobs", "2"]);
      assertEquals(r.code, EXIT.io, r.out + r.err);
      assertOneLineError(r, /no space left on device/, "full disk");
      const scan = await scanCache(`${mnt}/cache`);
      assertEquals(scan.tmp, [], "temp files left");
      assertEquals(scan.corrupt, [], "corrupt entries");
      assert(scan.digests.size < 12, "the disk was meant to fill up");
      // `clean` on the full disk does not crash either, and leaves no temp file.
      const c = await runToy("base", ["clean", "--cache", `${mnt}/cache`]);
      assertEquals(crashLine(c.out + c.err), undefined, c.err);
      assertEquals((await listFiles(`${mnt}/cache`)).filter((f) => f.endsWith(".tmp")), []);
      console.log(`full disk: ${scan.digests.size} entries written intact before the disk filled; exit ${r.code}`);
    } finally {
      await sh("umount", [mnt]);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** The read-only checks, given a way to run the toy CLI without write access to the cache. */
async function readOnlyChecks(run: (args: string[]) => Promise<ToyRun>, cache: string, fig: string, label: string) {
  const before = await listFiles(cache);
  const plan = await run(["plan", "--cache", cache]);
  assertEquals(plan.code, EXIT.ok, `${label} plan: ${plan.out}${plan.err}`);
  const verify = await run(["verify", "--cache", cache]);
  assertEquals(verify.code, EXIT.ok, `${label} verify: ${verify.out}${verify.err}`);
  assert(/PASS +toy T-C1/.test(verify.out), `${label} verify prints its verdicts: ${verify.out}`);
  const repro = await run(["repro", "--cache", cache, "--out", fig]);
  assertEquals(repro.code, EXIT.ok, `${label} repro: ${repro.out}${repro.err}`);
  assert(repro.out.includes("up to date"), `${label} no-op repro: ${repro.out}`);
  const forced = await run(["verify", "--force", "--cache", cache]);
  assertEquals(forced.code, EXIT.io, `${label} --force: ${forced.out}${forced.err}`);
  assertOneLineError(forced, /cannot be written .*12 run\(s\) would have to be computed/, `${label} --force`);
  assertEquals(await listFiles(cache), before, `${label}: the cache is unchanged`);
}

Deno.test("faults: a read-only cache serves plan, verify and a no-op repro; --force says why not", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cg_ro_" });
  try {
    const cache = `${dir}/cache`, fig = `${dir}/fig`;
    const made = await runToy("base", ["repro", "--cache", cache, "--out", fig, "--jobs", "2"]);
    assertEquals(made.code, 0, made.out + made.err);
    // Deno's permissions withhold every write.
    const noWrite = TOY_PERMS.filter((p) => !p.startsWith("--allow-write"));
    await readOnlyChecks((args) => runToy("base", args, noWrite), cache, fig, "no write permission");
    // A non-root user on a cache owned by root (skipped where that cannot be arranged).
    if (!isRoot) return console.log("skipped the setpriv variant: not root");
    const denoDir = `${dir}/deno_dir`;
    await Deno.mkdir(denoDir, { mode: 0o777 });
    await Deno.chmod(denoDir, 0o777);
    const asNobody = async (args: string[]): Promise<ToyRun> => {
      const o = await new Deno.Command("setpriv", {
        args: [
          "--reuid=65534",
          "--regid=65534",
          "--clear-groups",
          Deno.execPath(),
          "run",
          "--quiet",
          ...TOY_PERMS,
          `${ROOT}tests/faults/toy.ts`,
          "base",
          ...args,
        ],
        cwd: ROOT,
        env: { DENO_DIR: denoDir, HOME: denoDir, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const dec = new TextDecoder();
      return { code: o.code, signal: o.signal, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
    };
    await Deno.chmod(dir, 0o755);
    const probe = await asNobody(["plan", "--cache", cache]).catch(() => undefined);
    if (!probe || probe.code !== 0) return console.log(`skipped the setpriv variant: ${probe?.err ?? "no setpriv"}`);
    await readOnlyChecks(asNobody, cache, fig, "non-root user");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
