/**
 * `make smoke URL=https://…`: the curl flow against a deployed (or any running) stack. Prints
 * each step; exits 1 when one fails. CI runs it after every deploy. Where the stage verifies JWTs,
 * TOKEN=<a bearer JWT from its issuer> makes the write and the delete pass.
 */
import { runCurlFlow } from '@picus/testkit';

const url = process.argv[2]?.replace(/\/$/, '');
if (!url) {
  console.error('usage: make smoke URL=https://your-api.example.com');
  process.exit(2);
}
const token = process.env.TOKEN;
const steps = await runCurlFlow(url, { requestId: `smoke-${Date.now()}`, ...(token ? { token } : {}) }).catch((error: unknown) => {
  console.error(`${url} did not answer: ${(error as Error).message}`);
  process.exit(1);
});
for (const { step, ok, detail } of steps) console.log(`${ok ? 'ok  ' : 'FAIL'} ${step}  (${detail})`);
const failed = steps.filter((step) => !step.ok).length;
console.log(`${steps.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && steps.length === 6 ? 0 : 1);
