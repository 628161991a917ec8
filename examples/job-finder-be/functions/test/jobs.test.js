"use strict";

const test = require("node:test");
const assert = require("node:assert");
const { isBlocked } = require("../src/jobs");

test("a stop-listed keyword blocks a submission", () => {
  const stop = { company: [], keyword: ["crypto"], domain: [] };
  assert.strictEqual(isBlocked({ title: "Crypto Engineer", description: "", companyId: "c1", url: null }, stop), true);
});

test("an ordinary job is not blocked", () => {
  const stop = { company: ["c9"], keyword: ["crypto"], domain: ["spam.example"] };
  assert.strictEqual(isBlocked({ title: "Backend Engineer", description: "", companyId: "c1", url: "https://acme.example/jobs/1" }, stop), false);
});
