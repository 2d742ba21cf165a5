/**
 * The SLURM executor against a real single-node SLURM (slurm-wlm + munge, started by `tests/slurm/cluster.sh`
 * as root), not a mock: results bit-identical to the local executor's, a cancelled array task resubmitted, Ctrl-C
 * cancelling the array and keeping finished runs. Skips with a message where the daemons cannot run here.
 */
import { assert, assertEquals } from "../../src/std/assert.ts";
import { Cache } from "../../src/graph/cache.ts";

const root = new URL("../../", import.meta.url).pathname;
const state = await Deno.makeTempDir({ prefix: "claimgraph_slurm_" });
const env = { SLURM_CONF: `${state}/slurm.conf`, NO_COLOR: "1" };

async function sh(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  const o = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  return { code: o.code, out: dec.decode(o.stdout) + dec.decode(o.stderr) };
}

const started = await sh("bash", [`${root}tests/slurm/cluster.sh`, "start", state]);
const ignore = started.code !== 0;
if (ignore) console.warn(`slurm tests skipped: ${started.out.trim().split("\n").at(-1)}`);
else console.log(started.out.trim());

const cli = (args: string[]) =>
  new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}src/cli.ts`, ...args],
    cwd: root,
    env,
    stdout: "piped",
    stderr: "piped",
  });

/** Starts the CLI and resolves `submitted` with the first array's job id as soon as it is printed. */
function submit(args: string[]) {
  const child = cli(args).spawn();
  let text = "";
  let resolveId: (id: string) => void;
  const submitted = new Promise<string>((r) => (resolveId = r));
  const drain = async (s: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    for await (const chunk of s) {
      text += dec.decode(chunk, { stream: true });
      const m = text.match(/submitted array (\d+)/);
      if (m) resolveId(m[1]);
    }
  };
  const done = Promise.all([drain(child.stdout), drain(child.stderr)]).then(async () => ({
    code: (await child.status).code,
    text,
  }));
  return { child, submitted, done };
}

async function queue(jobId: string): Promise<string[]> {
  const { out } = await sh("squeue", ["-h", "-r", "-j", jobId, "-o", "%i %T"]);
  return out.trim().split("\n").filter(Boolean);
}

async function until(what: string, ok: () => Promise<boolean>, seconds = 120): Promise<void> {
  for (let t = 0; t < seconds * 4; t++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test({
  name: "slurm: a paper computed as a job array is bit-identical to the local executor, with the same verdicts",
  ignore,
  sanitizeResources: false,
  async fn() {
    const cache = `${state}/cache1`;
    const slurm = await cli([
      "verify",
      "--only",
      "wang2022",
      "--executor",
      "slurm",
      "--cache",
      cache,
      "--json",
      "--yes",
    ])
      .output();
    // The committed, locally computed cache gives the reference verdicts and values.
    const local = await cli(["verify", "--only", "wang2022", "--cached-only", "--json"]).output();
    const rows = (o: Deno.CommandOutput) =>
      (JSON.parse(new TextDecoder().decode(o.stdout)) as { id: string; verdict: string; checks: unknown[] }[])
        .map((r) => ({ id: r.id, verdict: r.verdict, checks: r.checks }));
    const ours_ = rows(slurm);
    assert(ours_.length > 0, "no verdicts");
    assertEquals(ours_, rows(local));
    const ours = new Cache(cache), committed = new Cache(`${root}data/cache`);
    const keys = await ours.keys();
    assert(keys.length > 0, "nothing computed");
    for (const k of keys) {
      const a = await ours.read(k), b = await committed.read(k);
      assert(a.status === "hit" && b.status === "hit", `entry ${k}: ${a.status} / ${b.status}`);
      assertEquals(a.entry.digest, b.entry.digest, `run ${k}`);
      assert(a.entry.provenance.device.startsWith("slurm "), a.entry.provenance.device);
    }
  },
});

Deno.test({
  name: "slurm: an array task cancelled mid-run is resubmitted for its missing runs",
  ignore,
  sanitizeResources: false,
  async fn() {
    const cache = `${state}/cache2`;
    const run = submit(["verify", "--only", "wang2022/early_lr", "--executor", "slurm", "--cache", cache, "--yes"]);
    const jobId = await run.submitted;
    let victim = "";
    await until("a running array task", async () => {
      victim = (await queue(jobId)).find((l) => l.endsWith("RUNNING"))?.split(" ")[0] ?? "";
      return victim !== "";
    });
    await sh("scancel", [victim]);
    const { code, text } = await run.done;
    assert(/resubmitting/.test(text), text);
    assertEquals(code, 0, text);
    const plan = await cli(["plan", "--only", "wang2022/early_lr", "--cache", cache]).output();
    const planned = new TextDecoder().decode(plan.stdout);
    assert(/\b[1-9]\d* runs cached, 0 to run/.test(planned), planned);
  },
});

Deno.test({
  name: "slurm: Ctrl-C cancels the array and keeps every finished run",
  ignore,
  sanitizeResources: false,
  async fn() {
    const cache = `${state}/cache3`;
    const run = submit(["verify", "--only", "wang2022/early_width", "--executor", "slurm", "--cache", cache, "--yes"]);
    const jobId = await run.submitted;
    await until("a finished run", async () => (await new Cache(cache).keys()).length > 0);
    run.child.kill("SIGINT");
    const { code, text } = await run.done;
    assert(code !== 0, "an interrupted run must not exit 0");
    assert(/interrupted/.test(text), text);
    await until("the array to leave the queue", async () => (await queue(jobId)).length === 0, 30);
    const c = new Cache(cache), keys = await c.keys();
    const plan = new TextDecoder().decode(
      (await cli(["plan", "--only", "wang2022/early_width", "--cache", cache]).output()).stdout,
    );
    assert(keys.length > 0 && /\b[1-9]\d* to run/.test(plan), `${keys.length} runs kept; ${plan}`);
    for (const k of keys) assertEquals((await c.read(k)).status, "hit");
  },
});

Deno.test({
  name: "slurm: the daemons this test started are stopped",
  ignore,
  async fn() {
    await sh("bash", [`${root}tests/slurm/cluster.sh`, "stop", state]);
    const { code } = await sh("sinfo", ["-h"]);
    assert(code !== 0, "slurmctld still answers");
    await Deno.remove(state, { recursive: true }).catch(() => {});
  },
});
