import * as fs from 'node:fs';
import { HttpShuffle } from '../task/http-shuffle';
import { main, setShuffleSource } from '../task/task-child';
import type { ChildMessage, ParentMessage } from '../task/task-spec';

/**
 * The child process of a TaskTracker: the task child of the local runner, with two differences.
 * A reduce fetches map outputs over HTTP (locations from the task and from map completion events
 * the tracker forwards), and each attempt runs in its own working directory, as Hadoop's do.
 */
const shuffle = new HttpShuffle({
  onFetchFailures: (attemptId, maps) => {
    const msg: ChildMessage = { type: 'fetchFailures', attemptId, maps };
    process.send?.(msg);
  },
});
setShuffleSource(shuffle);

// registered before main()'s listener, so the directory is changed before the task starts
process.on('message', (msg: ParentMessage) => {
  if (msg.type === 'run') {
    fs.mkdirSync(msg.task.workDir, { recursive: true });
    process.chdir(msg.task.workDir);
  } else if (msg.type === 'mapCompletionEvents') {
    shuffle.addEvents(msg.attemptId, msg.events);
  }
});

main();
