#!/usr/bin/env node
// A MEDICAL claim's whole journey through ClaimsService from Node.js, built
// from proto/adjudication/v1/claims.proto alone: proof that an insurer system
// outside Python can integrate from the contract.
//
//     node journey.js ADDRESS INSURED_ID_NUMBER ACCIDENT_DATE
//
// Prints one JSON object to stdout; exits non-zero on any unexpected error.
// tests/e2e/test_node_interop.py runs it against the real server.

"use strict";

const crypto = require("node:crypto");
const path = require("node:path");
const { promisify } = require("node:util");

const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");

const PROTO_ROOT = path.resolve(__dirname, "..", "..", "..", "proto");
const CLAIMS_PROTO = path.join(PROTO_ROOT, "adjudication", "v1", "claims.proto");
const DEADLINE_MS = 15000;

function loadService() {
  const definition = protoLoader.loadSync(CLAIMS_PROTO, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [PROTO_ROOT],
  });
  return grpc.loadPackageDefinition(definition).adjudication.v1.ClaimsService;
}

function requestId() {
  return crypto.randomUUID();
}

// Promise-returning unary calls with the bearer token and a deadline.
function bind(client, metadata) {
  const call = (method, request) =>
    promisify(client[method].bind(client))(request, metadata, {
      deadline: Date.now() + DEADLINE_MS,
    });
  return call;
}

function medicalDocuments(accidentDate) {
  return [
    { kind: "CLAIM_FORM" },
    { kind: "ID_CARD" },
    { kind: "HOUSEHOLD_REGISTER" },
    {
      kind: "ACCIDENT_CERTIFICATE",
      accident_certificate: { issuer: "村民委员会", issue_date: accidentDate },
    },
    {
      kind: "BANK_ACCOUNT",
      bank_account: {
        holder: "张建国",
        bank: "中国农业银行",
        account_number: "6228480012345678",
      },
    },
    { kind: "DIAGNOSIS" },
    { kind: "MEDICAL_RECORDS" },
    { kind: "INSURANCE_SETTLEMENT" },
    {
      kind: "MEDICAL_INVOICES",
      invoices: [
        {
          number: "F-NODE-1",
          issue_date: accidentDate,
          amount_fen: "128000",
          reimbursed_fen: "40000",
        },
      ],
    },
  ];
}

async function journey(call, insured, accidentDate) {
  const result = { statuses: {} };

  const reported = await call("ReportClaim", {
    request_id: requestId(),
    insured_id_number: insured,
    insured_name: "张建国",
    benefits: ["BENEFIT_MEDICAL"],
    accident: {
      accident_date: accidentDate,
      place: "田间",
      cause: "CUT",
      description: "劳动时被镰刀割伤",
    },
  });
  const name = reported.claim.name;
  result.name = name;
  result.statuses.report = reported.claim.status;
  result.missing_documents = reported.claim.missing_documents.map((d) => d.kind);

  const documented = await call("RecordDocuments", {
    request_id: requestId(),
    name,
    documents: medicalDocuments(accidentDate),
  });
  result.statuses.documents = documented.claim.status;

  const assessed = await call("AssessClaim", {
    request_id: requestId(),
    name,
    overrides: [],
  });
  result.statuses.assess = assessed.claim.status;
  result.assessment = {
    total_fen: assessed.claim.assessment.total_fen,
    lines: assessed.claim.assessment.lines.map((line) => ({
      benefit: line.benefit,
      amount_fen: line.amount_fen,
      explanation: line.explanation,
    })),
  };

  const payment = {
    request_id: requestId(),
    name,
    amount_fen: assessed.claim.assessment.total_fen,
    reference: `BANK-NODE-${crypto.randomBytes(4).toString("hex")}`,
  };
  const paid = await call("RecordPayment", payment);
  result.statuses.pay = paid.claim.status;
  result.paid_fen = paid.claim.paid_fen;
  result.first_payment_replayed = paid.replayed;

  const again = await call("RecordPayment", payment);
  result.statuses.pay_again = again.claim.status;
  result.replayed = again.replayed;
  result.replay_paid_fen = again.claim.paid_fen;

  // Read your own write: the claims read model waits for the payment's position.
  const read = await call("GetClaim", {
    name,
    version: "0",
    min_position: paid.position,
  });
  result.statuses.get = read.claim.status;
  result.get = {
    paid_fen: read.claim.paid_fen,
    assessed_fen: read.claim.assessed_fen,
    payments: read.claim.payments.length,
    version: read.claim.version,
    report_time_seconds: read.claim.report_time
      ? read.claim.report_time.seconds
      : null,
  };

  // A deliberately malformed resource name: the error must reach Node intact.
  try {
    await call("GetClaim", { name: "claims/not-a-uuid", version: "0" });
    throw new Error("GetClaim of claims/not-a-uuid unexpectedly succeeded");
  } catch (error) {
    if (typeof error.code !== "number" || error.code === grpc.status.OK) {
      throw error;
    }
    result.error = {
      call: "GetClaim claims/not-a-uuid",
      code: error.code,
      code_name: grpc.status[error.code],
      details: error.details,
      has_status_details: error.metadata
        ? error.metadata.get("grpc-status-details-bin").length > 0
        : false,
    };
  }
  return result;
}

async function main(argv) {
  if (argv.length !== 3) {
    process.stderr.write(
      "usage: node journey.js ADDRESS INSURED_ID_NUMBER ACCIDENT_DATE\n",
    );
    return 2;
  }
  const [address, insured, accidentDate] = argv;
  const ClaimsService = loadService();
  const client = new ClaimsService(address, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set("authorization", `Bearer ${process.env.ADJUDICATION_TOKEN}`);
  try {
    const result = await journey(bind(client, metadata), insured, accidentDate);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const code = error && error.code !== undefined ? ` (gRPC code ${error.code})` : "";
    process.stderr.write(`journey failed${code}: ${error && error.stack}\n`);
    process.exitCode = 1;
  },
);
