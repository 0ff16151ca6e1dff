/**
 * The two durations the panel shows for one call differ on purpose: Activity logs the time the hub spent on the
 * call (from receiving it to answering, Confluence included), the tester times the round trip in the browser,
 * which adds the network and the browser's own work. They name what they measure.
 */
export const SERVER_TIME_HELP =
  'Time the hub spent on the call, from receiving it to answering, Confluence included. The tool tester shows the round trip seen by your browser, which also counts the network, so it is longer.';

export const ROUND_TRIP_HELP =
  'Round trip seen by your browser: the network, the hub and Confluence. Activity logs the time the hub itself spent on the call, which is shorter.';
