"use strict";

// Cloud Functions (gen2) of the job-finder backend. Each export is one Cloud Run service;
// functions.yaml next to this file lists the same endpoints for deploy tooling that does
// not run the SDK (JobFinder.Ops, and firebase-tools when the manifest is present).

const { onRequest, onCall, HttpsError } = require("firebase-functions/v2/https");
const { onSchedule } = require("firebase-functions/v2/scheduler");
const { setGlobalOptions } = require("firebase-functions/v2");
const { defineSecret } = require("firebase-functions/params");
const admin = require("firebase-admin");

const jobs = require("./src/jobs");
const content = require("./src/content");
const documents = require("./src/documents");

admin.initializeApp();
setGlobalOptions({ region: "us-central1", maxInstances: 20 });

const generatorApiKey = defineSecret("GENERATOR_API_KEY");
const db = () => admin.firestore();

function requireAuth(request) {
  if (!request.auth) {
    throw new HttpsError("unauthenticated", "Sign in first.");
  }
  return request.auth.uid;
}

exports.health = onRequest({ cors: true }, async (req, res) => {
  const started = Date.now();
  await db().collection("config").doc("app").get();
  res.json({
    status: "healthy",
    version: process.env.APP_VERSION || "dev",
    region: process.env.FUNCTION_REGION || "us-central1",
    firestoreMs: Date.now() - started,
  });
});

exports.submitJob = onCall({ enforceAppCheck: false }, async (request) => {
  const uid = requireAuth(request);
  const job = jobs.validateSubmission(request.data);
  const stop = await jobs.loadStopList(db());
  if (jobs.isBlocked(job, stop)) {
    return { success: false, reason: "blocked-by-stop-list" };
  }
  const ref = await db().collection("jobs").add({
    ...job,
    status: "new",
    submittedBy: uid,
    postedAt: admin.firestore.FieldValue.serverTimestamp(),
  });
  return { success: true, jobId: ref.id };
});

exports.getStopList = onCall(async (request) => {
  requireAuth(request);
  const stop = await jobs.loadStopList(db());
  return { success: true, data: stop };
});

exports.manageContentItems = onCall(async (request) => {
  const uid = requireAuth(request);
  const { action = "list", item, id } = request.data || {};
  switch (action) {
    case "list":
      return { success: true, items: await content.list(db(), { includeHidden: Boolean(request.auth.token.admin) }) };
    case "upsert":
      content.requireAdmin(request.auth);
      return { success: true, id: await content.upsert(db(), item, uid) };
    case "delete":
      content.requireAdmin(request.auth);
      await content.remove(db(), id);
      return { success: true };
    default:
      throw new HttpsError("invalid-argument", `Unknown action '${action}'.`);
  }
});

exports.generateDocument = onCall({ secrets: [generatorApiKey], timeoutSeconds: 120, memory: "1GiB" }, async (request) => {
  const uid = requireAuth(request);
  const { jobId, kind = "cover-letter" } = request.data || {};
  if (!jobId) {
    throw new HttpsError("invalid-argument", "jobId is required.");
  }
  const result = await documents.generate(db(), { uid, jobId, kind, apiKey: generatorApiKey.value() });
  return { success: true, documentId: result.id, pages: result.pages };
});

exports.searchJobs = onCall(async (request) => {
  const { query = "", tags = [], limit = 20 } = request.data || {};
  const results = await jobs.search(db(), { query, tags, limit: Math.min(Number(limit) || 20, 50) });
  return { success: true, total: results.length, results };
});

exports.scrapeCompany = onCall({ timeoutSeconds: 300, memory: "1GiB" }, async (request) => {
  requireAuth(request);
  const { companyId } = request.data || {};
  const scraped = await jobs.scrapeCompany(db(), companyId, { userAgent: process.env.SCRAPER_USER_AGENT });
  return { success: true, companyId, jobsFound: scraped.length };
});

exports.contactForm = onRequest({ cors: true }, async (req, res) => {
  if (req.method !== "POST") {
    res.status(405).json({ error: "POST only" });
    return;
  }
  const { name, email, message } = req.body || {};
  if (!name || !email || !message) {
    res.status(400).json({ error: "name, email and message are required" });
    return;
  }
  await db().collection("contactMessages").add({ name, email, message, receivedAt: admin.firestore.FieldValue.serverTimestamp() });
  res.json({ success: true });
});

exports.cleanupExpiredDocuments = onSchedule({ schedule: "every day 03:00", timeZone: "Etc/UTC" }, async () => {
  const removed = await documents.removeExpired(db(), new Date());
  console.log(`Removed ${removed} expired generated documents.`);
});
