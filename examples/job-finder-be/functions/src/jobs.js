"use strict";

const { HttpsError } = require("firebase-functions/v2/https");

function validateSubmission(data) {
  const { title, companyId, url, description = "", tags = [] } = data || {};
  if (typeof title !== "string" || title.trim().length === 0) {
    throw new HttpsError("invalid-argument", "title is required.");
  }
  if (typeof companyId !== "string" || companyId.length === 0) {
    throw new HttpsError("invalid-argument", "companyId is required.");
  }
  if (url && !/^https?:\/\//.test(url)) {
    throw new HttpsError("invalid-argument", "url must be http(s).");
  }
  return { title: title.trim(), companyId, url: url || null, description, tags: tags.slice(0, 20) };
}

async function loadStopList(db) {
  const snapshot = await db.collection("stopList").get();
  const stop = { company: [], keyword: [], domain: [] };
  snapshot.forEach((doc) => {
    const { type, value } = doc.data();
    if (stop[type]) {
      stop[type].push(String(value).toLowerCase());
    }
  });
  return stop;
}

function isBlocked(job, stop) {
  const text = `${job.title} ${job.description}`.toLowerCase();
  if (stop.company.includes(job.companyId.toLowerCase())) {
    return true;
  }
  if (stop.keyword.some((k) => text.includes(k))) {
    return true;
  }
  return Boolean(job.url) && stop.domain.some((d) => new URL(job.url).hostname.endsWith(d));
}

async function search(db, { query, tags, limit }) {
  let q = db.collection("jobs").where("status", "==", "new").orderBy("postedAt", "desc").limit(limit * 3);
  if (tags.length > 0) {
    q = db.collection("jobs").where("tags", "array-contains", tags[0]).orderBy("score", "desc").limit(limit * 3);
  }
  const snapshot = await q.get();
  const needle = query.toLowerCase();
  return snapshot.docs
    .map((doc) => ({ id: doc.id, ...doc.data() }))
    .filter((job) => !needle || job.title.toLowerCase().includes(needle))
    .slice(0, limit);
}

async function scrapeCompany(db, companyId, { userAgent }) {
  if (!companyId) {
    throw new HttpsError("invalid-argument", "companyId is required.");
  }
  const company = await db.collection("companies").doc(companyId).get();
  if (!company.exists) {
    throw new HttpsError("not-found", `Company ${companyId} not found.`);
  }
  const careersUrl = `${company.get("website")}/careers`;
  const response = await fetch(careersUrl, { headers: { "user-agent": userAgent || "job-finder" } });
  if (!response.ok) {
    return [];
  }
  const html = await response.text();
  return [...html.matchAll(/<a[^>]+href="([^"]+\/jobs\/[^"]+)"/g)].map((m) => m[1]);
}

module.exports = { validateSubmission, loadStopList, isBlocked, search, scrapeCompany };
