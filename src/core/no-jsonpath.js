// Stands in for jsonpath-plus in the task pane bundle: json-rules-engine imports it for
// condition `path`s, which the rule set schema forbids, so it is never called (about 25 kB saved).
'use strict';
exports.JSONPath = function JSONPath() {
  throw new Error('JSONPath används inte i regelfilerna.');
};
