/**
 * Ends the test run with one plain line, `vitest: N passed, N failed` (`, N skipped` when some were),
 * which CI reads to know how many tests ran.
 */
import type { Reporter } from 'vitest/reporters';

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] };

export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const visit = (task: Task): void => {
      if (task.tasks) task.tasks.forEach(visit);
      if (task.type !== 'test') return;
      if (task.result?.state === 'pass') counts.passed++;
      else if (task.result?.state === 'fail') counts.failed++;
      else counts.skipped++;
    };
    files.forEach(visit);
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    console.log(`\nvitest: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
  }
}
