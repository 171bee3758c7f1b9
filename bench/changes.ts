// What was changed for the figures of docs/benchmarks.md, and what each change bought: kept beside the
// report so that every run of `npm run bench` writes it again below its own figures.
export const CHANGES = `## What each change bought

(filled in below as changes land)
`;
