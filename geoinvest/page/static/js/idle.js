/* Work in idle periods. */

var idle = window.requestIdleCallback
  ? function (fn) {
      return window.requestIdleCallback(fn, { timeout: 500 });
    }
  : function (fn) {
      return setTimeout(function () {
        fn({
          timeRemaining: function () {
            return 0;
          },
        });
      }, 0);
    };

/** Run jobs in idle periods (at least one per period) while alive() allows. */
function runIdle(jobs, alive) {
  var step = function (deadline) {
    do {
      if (!jobs.length || (alive && !alive())) return;
      jobs.shift()();
    } while (deadline.timeRemaining() > 4);
    idle(step);
  };
  idle(step);
}
