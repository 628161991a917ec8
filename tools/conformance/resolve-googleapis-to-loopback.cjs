// Loaded with `node --require` into firebase-tools by tools/conformance/Invoke-Conformance.ps1.
// firebase-tools' documented origin variables (FIREBASE_FUNCTIONS_V2_URL, CLOUD_RUN_URL, ...) point at
// http://<api>.googleapis.com:<emulator port>: firebase-tools names the service it asks Service Usage about
// after the host of the origin (lib/ensureApiEnabled.js), so the host must stay Google's. This resolves
// those names to the loopback emulator, which serves a request by its Host header. Nothing reaches Google.
"use strict";
const dns = require("dns");
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  } else if (typeof options === "number") {
    options = { family: options };
  }
  if (/\.googleapis\.com$/i.test(hostname)) {
    const address = { address: "127.0.0.1", family: 4 };
    return process.nextTick(() => (options && options.all ? callback(null, [address]) : callback(null, address.address, address.family)));
  }
  return lookup.call(dns, hostname, options, callback);
};
