"use strict";

const { HttpsError } = require("firebase-functions/v2/https");

const DOCUMENT_TTL_DAYS = Number(process.env.DOCUMENT_TTL_DAYS || 30);

async function generate(db, { uid, jobId, kind, apiKey }) {
  const job = await db.collection("jobs").doc(jobId).get();
  if (!job.exists) {
    throw new HttpsError("not-found", `Job ${jobId} not found.`);
  }
  const profile = await db.collection("users").doc(uid).get();
  const response = await fetch(process.env.GENERATOR_ENDPOINT, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ kind, job: job.data(), profile: profile.data() || {} }),
  });
  if (!response.ok) {
    throw new HttpsError("unavailable", `Document generator answered ${response.status}.`);
  }
  const { text, pages } = await response.json();
  const expiresAt = new Date(Date.now() + DOCUMENT_TTL_DAYS * 24 * 3600 * 1000);
  const ref = await db.collection("generatedDocuments").add({ ownerId: uid, jobId, kind, text, pages, expiresAt });
  return { id: ref.id, pages };
}

async function removeExpired(db, now) {
  const snapshot = await db.collection("generatedDocuments").where("expiresAt", "<", now).limit(500).get();
  const batch = db.batch();
  snapshot.forEach((doc) => batch.delete(doc.ref));
  await batch.commit();
  return snapshot.size;
}

module.exports = { generate, removeExpired };
