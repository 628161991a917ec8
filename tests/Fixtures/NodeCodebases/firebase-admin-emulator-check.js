"use strict";

// What deployed function code does with firebase-admin, run against the JobFinder.Ops emulator with the
// variables a worker gets (FIRESTORE_EMULATOR_HOST, FIREBASE_AUTH_EMULATOR_HOST, GCLOUD_PROJECT).
// Usage: node firebase-admin-emulator-check.js <collection> <idToken>
// Prints one line "@@RESULT@@<json>" (stdout); any failure exits non-zero with the error on stderr.

const admin = require("firebase-admin");

async function main() {
  const [collection, idToken] = process.argv.slice(2);
  admin.initializeApp({ projectId: process.env.GCLOUD_PROJECT });
  const db = admin.firestore();
  const { FieldValue } = admin.firestore;
  const col = db.collection(collection);

  // A write over gRPC, with server-side transforms, that the test reads back over REST.
  await col.doc("fromNode").set({ title: "node", n: 1, at: FieldValue.serverTimestamp(), tags: FieldValue.arrayUnion("a", "b") });
  // A document the test wrote over REST.
  const fromRest = await col.doc("fromRest").get();

  // A transaction: read, then write what was read plus one (Firestore runs it with BeginTransaction or
  // a read that begins one, then Commit with the transaction).
  const afterTransaction = await db.runTransaction(async (tx) => {
    const snapshot = await tx.get(col.doc("fromNode"));
    const n = snapshot.get("n") + 1;
    tx.update(col.doc("fromNode"), { n, tags: FieldValue.arrayRemove("a") });
    return n;
  });

  // The example's query shapes: equality plus orderBy descending, and a count aggregation.
  const ordered = await col.where("status", "==", "new").orderBy("score", "desc").limit(10).get();
  const count = await col.where("status", "==", "new").count().get();

  // create() on an existing document must fail with ALREADY_EXISTS (gRPC code 6).
  let createError = null;
  try {
    await col.doc("fromNode").create({ again: true });
  } catch (error) {
    createError = error.code;
  }

  const decoded = await admin.auth().verifyIdToken(idToken);

  const result = {
    fromRest: fromRest.exists ? fromRest.data() : null,
    afterTransaction,
    ordered: ordered.docs.map((d) => d.id),
    count: count.data().count,
    createError,
    uid: decoded.uid,
    email: decoded.email,
  };
  process.stdout.write("@@RESULT@@" + JSON.stringify(result) + "\n");
  await admin.app().delete();
}

main().catch((error) => {
  process.stderr.write((error && error.stack) || String(error));
  process.exit(1);
});
