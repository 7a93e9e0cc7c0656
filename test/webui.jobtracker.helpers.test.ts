import { expect } from 'chai';
import { Counters } from '../mapreduce/api/counters';
import { JobHistoryLog } from '../mapreduce/client/job-history';
import type { TaskReport } from '../mapreduce/protocol/types';
import { countersByKind, countersTable } from '../mapreduce/jobtracker/web/counters-table';
import { checkHistoryName } from '../mapreduce/jobtracker/web/history-files';
import { parseHistoryCounters } from '../mapreduce/jobtracker/web/history-counters';
import { matchesFilter, taskCategory } from '../mapreduce/jobtracker/web/task-states';
import { jobOfTask, taskOfAttempt, WebError } from '../mapreduce/jobtracker/web/web-common';

function attempt(id: string, state: TaskReport['state'], counters: Record<string, Record<string, number>>): TaskReport['attempts'][number] {
  return { attemptId: id, state, phase: 'MAP', progress: 1, status: '', counters, startTime: 1, finishTime: 2, diagnostics: '', tracker: 't', speculative: false };
}

describe('JobTracker web UI helpers', () => {
  it('reads counters back from a history line as JobHistoryLog wrote them, names with {}()[].\\ included', () => {
    const c = new Counters();
    c.findCounter('org.apache.hadoop.mapreduce.TaskCounter', 'MAP_INPUT_RECORDS').increment(12);
    c.findCounter('my{group}(1)', 'a.b[c]\\d').increment(7);
    c.findCounter('my{group}(1)', 'negative').increment(-3);
    const text = new JobHistoryLog('job_1_0001', 1, 'j', 'u').counters(c);
    expect(parseHistoryCounters(text)).to.deep.equal({
      'org.apache.hadoop.mapreduce.TaskCounter': { MAP_INPUT_RECORDS: 12 },
      'my{group}(1)': { 'a.b[c]\\d': 7, negative: -3 },
    });
  });

  it('keeps what it read of a malformed counters string and stops there', () => {
    expect(parseHistoryCounters('{(g)(g)[(a)(a)(1)]}{(h)(h)[(b)(b)(x)]}')).to.deep.equal({ g: { a: 1 } });
    expect(parseHistoryCounters('')).to.deep.equal({});
    expect(parseHistoryCounters('{(g)(g)[(a)(a)(1)')).to.deep.equal({});
  });

  it('takes a history file name only as one plain name in the directory', () => {
    expect(checkHistoryName('job_202611211426_0001_1795271187132_root_word%20count')).to.deep.equal({ jobId: 'job_202611211426_0001', submitTime: 1795271187132 });
    for (const bad of ['../etc/passwd', 'job_1_0001_1_u/../../x', 'job_1_0001_1_u\\x', 'job_1_0001_conf.xml', 'job_1_0001_1_u_x_conf.xml', 'job_1_0001_1_a:b', 'job_1_0001_1_a..b', 'x']) {
      expect(() => checkHistoryName(bad), bad).to.throw(WebError, 'Not a job history file name');
    }
  });

  it('sums the successful attempts counters per kind, leaving failed and running attempts out', () => {
    const tasks: TaskReport[] = [
      { taskId: 'task_1_0001_m_000000', isMap: true, state: 'SUCCEEDED', progress: 1, startTime: 1, finishTime: 2, successfulAttempt: 'a1', attempts: [attempt('a0', 'FAILED', { g: { x: 100 } }), attempt('a1', 'SUCCEEDED', { g: { x: 2 } })] },
      { taskId: 'task_1_0001_m_000001', isMap: true, state: 'SUCCEEDED', progress: 1, startTime: 1, finishTime: 2, successfulAttempt: 'b0', attempts: [attempt('b0', 'SUCCEEDED', { g: { x: 3, y: 1 } })] },
      { taskId: 'task_1_0001_r_000000', isMap: false, state: 'RUNNING', progress: 0.5, startTime: 1, finishTime: 0, successfulAttempt: null, attempts: [attempt('c0', 'RUNNING', { g: { x: 50 } })] },
      { taskId: 'task_1_0001_r_000001', isMap: false, state: 'SUCCEEDED', progress: 1, startTime: 1, finishTime: 2, successfulAttempt: 'd0', attempts: [attempt('d0', 'SUCCEEDED', { g: { z: 4 } })] },
    ];
    expect(countersByKind(tasks)).to.deep.equal({ map: { g: { x: 5, y: 1 } }, reduce: { g: { z: 4 } } });
  });

  it('escapes counter group and names in the counters table', () => {
    const out = countersTable({ '<b>g</b>': { '<i>n</i>': 1 } }, {}, {}).value;
    expect(out).to.include('&lt;b&gt;g&lt;/b&gt;');
    expect(out).to.include('data-counter="&lt;i&gt;n&lt;/i&gt;"');
    expect(out).not.to.include('<b>');
  });

  it('files tasks by state the way the job page counts them, and finds a task\'s job and an attempt\'s task', () => {
    expect(['UNASSIGNED', 'RUNNING', 'COMMIT_PENDING', 'SUCCEEDED', 'FAILED', 'KILLED'].map((s) => taskCategory(s as TaskReport['state']))).to.deep.equal([
      'pending',
      'running',
      'running',
      'completed',
      'failed',
      'killed',
    ]);
    const t = { state: 'COMMIT_PENDING' } as TaskReport;
    expect([matchesFilter(t, 'all'), matchesFilter(t, 'running'), matchesFilter(t, 'pending')]).to.deep.equal([true, true, false]);
    expect(jobOfTask('task_202611211426_0001_m_000003')).to.equal('job_202611211426_0001');
    expect(taskOfAttempt('attempt_202611211426_0001_r_000001_2')).to.equal('task_202611211426_0001_r_000001');
  });
});
