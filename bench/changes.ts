// What was changed for the figures of docs/benchmarks.md, and what each change bought: kept beside the
// report so that every run of `npm run bench` writes it again below its own figures. The before/after
// figures here were measured side by side in one run each (A/B bundles, alternating rounds), as noted.
export const CHANGES = `## What each change bought (issue 15)

Before the changes (\`BENCH_SECONDS=3 npm run bench\` at the bench's first commit, a497d73), in workerd: a 400-event stream
as OpenAI chunks 27.8 ms of CPU in a burst and 41.9 ms paced 1 ms apart, against 1.2 and 8.4 ms for the bare forwarding
Worker; the native stream 21.7 and 39.4 ms; a native request 0.273 ms against 0.146 ms. Node: 0.437 ms per native request
against 0.065 ms for the bare pipe, RSS at rest 92 MiB.

1. **Coalesced reads in the translated streams** (\`src/gemini/gemini-event-stream.ts\`): a pull converts every upstream
   piece whose read resolves without waiting and writes them as one chunk; a read that would wait is carried to the next
   pull. On Node a 400-event OpenAI stream in a burst: 9.3 → 7.5 ms of CPU (−19%; two bundles side by side, 4 alternating
   rounds). In workerd: no change beyond the noise (27.8 → 26.5 ms in a burst). There, a read of a fetch body never
   resolves without waiting: each piece Gemini sends is its own I/O event, and workerd's reader hands over one piece per
   read, so there is nothing that has already arrived to take. Counted with a probe in the pump, per 400-event OpenAI
   stream: workerd 765–800 reads that waited and 0 taken without waiting, burst or paced; Node in a burst 8 reads that
   waited and 393 taken at once (8 writes instead of some 400), paced 388 and 13.
2. **The blank-answer check of a stream reads one branch of a tee** (\`src/gemini/empty-answer.ts\`) and the client gets
   the other, which the runtime passes on by itself, instead of a stream that JS pulled piece by piece. workerd, native
   stream: 22.3 → 2.8 ms in a burst, 50 → 10 ms paced (bare Worker 1.4 and 6.8 ms in that run; with
   \`EMPTY_ANSWER_RETRIES=0\`, i.e. no check at all, 2.0 and 8.0 ms). Tried first and dropped: writing what was read into a
   \`TransformStream\` and piping the rest into it (33 and 68 ms: worse). On Node the JS tee costs a hand-off of its own:
   native stream 4.1 → 4.9 ms (+20%).
3. **\`npm start\` runs a bundle** (\`scripts/start-node.mjs\`: built by esbuild in a child process at the first start and
   whenever a source is newer, kept in \`node_modules/.cache\`): RSS at rest 100 → 58 MB measured by hand, 92 → 56 MiB in
   the bench. CPU per request unchanged.
4. **The blank-answer check of a whole answer keeps its bytes** (\`src/gemini/empty-answer.ts\`) instead of decoding them to
   a string and encoding it again for the client: workerd native request 2.1–2.7× → 1.8–2.0× the bare Worker (two quick
   runs each, same machine).
5. **Log lines gathered into one write per turn** on Node (\`src/node/gathered-log.ts\`): 0.400 → 0.383 ms per native
   request, mean of 4 alternating rounds — within the noise of this machine.
6. **The bench's servers log to a file**: through a pipe the bench drained late, the Node server blocked on its log writes
   (380 req/s at p50 70 ms, 1.17 ms of CPU per request); that measured the bench, not the proxy.

## Why the goals not met are not met

- **Translated streams in workerd (goal 2× paced, 3× burst).** Measured in the same workerd beside the bare Worker, a Worker
  that does nothing but read the fetch body with a reader and write each piece on to an \`IdentityTransformStream\` costs
  16.9 ms per 400-event stream in a burst and 47 ms paced (bare Worker: 1.9 and 7.7 ms): 9× and 6×. The proxy's
  translated streams cost about the same (18–35 ms, 37–45 ms), so the conversion itself is not what counts: it is the JS
  hand-off per piece — one read resolved into JS and one write out of it, per Gemini event — which no JS stream avoids,
  and which the 2× and 3× goals leave no room for. Tried and not kept: an \`IdentityTransformStream\` writer fed from a
  loop that does not wait for each write (burst 29 → 15–20 ms, paced unchanged; a workerd-only global in the core), and
  a read-ahead of 8 pieces on the converted stream (burst −15%, paced unchanged, within the noise), and a BYOB reader
  with 64 KiB of room per read (no change: a read still returns one piece).
- **Native stream and requests in workerd (goal 1.2×).** The stream is at 1.4–1.7×: the blank-answer check still reads
  the first piece in JS and the tee buffers what arrives meanwhile (with \`EMPTY_ANSWER_RETRIES=0\`: 1.1×). A non-streamed
  request is read whole in JS to check it is not blank, and answered as a new body: 2.5× with the check, 1.55× without,
  in the same run.
- **Node CPU per request (goal 2×) and added latency (1.5×).** \`node --cpu-prof\` over 5,516 native requests (0.91 ms
  busy per request with the profiler on) has no hot spot: socket writes 8%, Hono's adapter writing the Response 11%
  (with its header write), web streams' constructor (\`makeTransferable\`, Node 20) 4%, failover and key rotation 10%,
  AbortSignal creation 1.5%, console formatting 3% (before the log change) — the web-standard stack (Request, Headers,
  AbortSignal, Response, ReadableStream per body) on top of the node:http server and client the bare pipe uses alone.
  The pipe itself is at 0.07–0.13 ms; the ratio swung from 3× to 12× between runs on this machine.
- **A 20 MB body (goal 1.6× above rest).** The body is held whole so that another key can be tried (1×); on top come the
  pieces gathered before they are copied into room for the declared length, and Node's socket buffers on both sides.
- **Deno** (measured beside a bare Deno forwarding server, added last): its streams are JS streams over Rust resources, and
  a response whose body is the fetch's own body is passed on without JS; the blank-answer check's tee (and any JS reader)
  takes that away, so the native stream costs what a translated one does. With \`EMPTY_ANSWER_RETRIES=0\` it is passed on
  untouched. Not profiled further in this round.
`;
