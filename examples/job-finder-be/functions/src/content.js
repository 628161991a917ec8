"use strict";

const { HttpsError } = require("firebase-functions/v2/https");

function requireAdmin(auth) {
  if (!auth || auth.token.admin !== true) {
    throw new HttpsError("permission-denied", "Admins only.");
  }
}

async function list(db, { includeHidden }) {
  let q = db.collection("contentItems");
  if (!includeHidden) {
    q = q.where("visible", "==", true);
  }
  const snapshot = await q.orderBy("order").get();
  return snapshot.docs.map((doc) => ({ id: doc.id, ...doc.data() }));
}

async function upsert(db, item, uid) {
  if (!item || typeof item.title !== "string") {
    throw new HttpsError("invalid-argument", "item.title is required.");
  }
  const ref = item.id ? db.collection("contentItems").doc(item.id) : db.collection("contentItems").doc();
  await ref.set({ ...item, updatedBy: uid, updatedAt: new Date() }, { merge: true });
  return ref.id;
}

async function remove(db, id) {
  if (!id) {
    throw new HttpsError("invalid-argument", "id is required.");
  }
  await db.collection("contentItems").doc(id).delete();
}

module.exports = { requireAdmin, list, upsert, remove };
