// A small front-end consumer of the published contract, compiled (tsc --noEmit, strict) against the types openapi-typescript
// generates from docs/openapi/v1.json. It calls real operations of each module with typed bodies and reads typed answers: if an
// operation loses its body type (`never`), a field is renamed or a schema name collides, this file stops compiling.
import type { components, operations, paths } from "./generated/api";

type Schemas = components["schemas"];
type JsonBody<T> = T extends { content: { "application/json": infer B } } ? B : never;
type RequestOf<Id extends keyof operations> = operations[Id] extends { requestBody?: infer R } ? JsonBody<NonNullable<R>> : never;
type ResponseOf<Id extends keyof operations, Status extends number> = operations[Id] extends { responses: infer R }
  ? Status extends keyof R
    ? JsonBody<R[Status]>
    : never
  : never;
/** The JSON body of an operation by route and verb (routes are the most stable handle: schema names follow the C# types). */
type BodyAt<P extends keyof paths, M extends "post" | "put"> = paths[P][M] extends { requestBody?: infer R } ? JsonBody<NonNullable<R>> : never;
type Problem = Schemas["ProblemDetails"];

/** One HTTP call: the body and the answer are typed by the operation and the expected status. */
async function call<Id extends keyof operations, Status extends number>(
  base: string,
  token: string | null,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  _operation: Id,
  expected: Status,
  body?: RequestOf<Id>,
): Promise<ResponseOf<Id, Status>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status !== expected) {
    const problem = (await response.json()) as Problem;
    throw new Error(`${method} ${path}: ${response.status} ${problem.title ?? ""} ${problem.detail ?? ""}`);
  }
  return (await response.json()) as ResponseOf<Id, Status>;
}

export async function tour(base: string): Promise<string[]> {
  const seen: string[] = [];

  // Platform: sign in.
  const login: Schemas["LoginRequest"] = { tenant: "ot-demo", email: "admin@ot-demo.test", password: "secret" };
  const tokens = await call(base, null, "POST", "/api/auth/login", "login", 200, login);
  const token: string = tokens.accessToken;
  const refresh: string = tokens.refreshToken;
  seen.push(refresh.length > 0 ? "signed in" : "no refresh token");

  // Billing: issue an invoice (201 + the issued invoice), read it back.
  const invoice: Schemas["BillingIssueInvoiceRequest"] = {
    sourceModule: "front-end",
    sourceReference: "order-42",
    customer: {
      customerId: "c-1",
      kind: "business",
      name: "Hôtel de la Plage",
      address: { street: "1 quai Vendeuvre", postalCode: "14000", city: "Caen", country: "FR" },
      siren: "552100554",
    },
    lines: [{ label: "Encart guide 2027", quantity: 1, unitPriceTtc: 12_000, vatRate: { basisPoints: 2000 } }],
    emailToCustomer: false,
  };
  const issued = await call(base, token, "POST", "/api/billing/invoices", "issueInvoice", 201, invoice);
  const number: string = issued.number;
  const total: number = issued.totalTtc;
  const again = await call(base, token, "GET", `/api/billing/invoices/${issued.invoiceId}`, "getInvoice", 200);
  seen.push(`${number} ${total} ${JSON.stringify(again).length}`);

  const payment: Schemas["BillingRecordPaymentRequest"] = {
    paymentId: "p-1",
    customerId: "c-1",
    details: { method: "cheque", chequeNumber: "0001234", bank: "Banque de Normandie" },
    amount: 12_000,
    receivedOn: "2027-01-15",
    allocations: [{ invoiceId: issued.invoiceId, amount: 12_000 }],
  };
  // 201 + Location + the payment recorded, with the account after it.
  const recorded = await call(base, token, "POST", "/api/billing/payments", "recordPayment", 201, payment);
  seen.push(`payment ${recorded.paymentId} ${recorded.amount} ${recorded.currency} of ${recorded.account.customerId}`);

  // Marina: add a berth (201 + the berth).
  const berth = await call(base, token, "POST", "/api/marina/berths", "marinaAddBerth", 201, {
    berthId: "A-12",
    pontoon: "A",
    number: "12",
    category: "B",
    maxLengthCm: 1_000,
    maxBeamCm: 350,
  });
  seen.push(`berth ${berth.berthId}`);

  // Ticketing: create a show (201 + the show).
  const show = await call(base, token, "POST", "/api/ticketing/shows", "createTicketingShow", 201, {
    showId: "jazz-2027",
    name: "Jazz sous les pommiers",
    kind: "liveShow",
    organiserName: "Ville de Coutances",
    organiserIsPartner: true,
    rates: [{ code: "plein", label: "Plein tarif", kind: "full", prices: { A: 2_500 }, proofRequired: null, groupMinimum: null }],
    handlingFeePerTicket: 100,
    nominative: false,
    transfersAllowed: true,
  });
  const vat: number = show.vatRate.basisPoints;
  seen.push(`show ${show.showId} ${vat}`);

  // Bookings: quote a group stay (201 + the booking).
  const quote = await call(base, token, "POST", "/api/bookings/group-bookings", "issueGroupQuote", 201, {
    customer: {
      customerId: null,
      business: true,
      name: "Collège Jean Rostand",
      street: "2 rue de la Paix",
      postalCode: "14000",
      city: "Caen",
      country: null,
      email: "intendance@college.example",
      vatNumber: null,
      siren: null,
    },
    title: "Classe de mer",
    start: "2027-05-10",
    end: "2027-05-12",
    withLodging: true,
    adults: 4,
    children: 28,
    school: true,
    services: [],
    quotedOn: null,
    validUntil: null,
    subscriberNumber: null,
  });
  const reference: string = quote.reference;
  seen.push(`booking ${reference} for ${quote.customerName}`);

  // Audit: verify the hash chain.
  const chain = await call(base, token, "GET", "/api/audit/verify", "verifyHashChain", 200);
  const intact: boolean = chain.intact;
  seen.push(`chain ${intact}`);

  // Membership and Subscriptions: typed request bodies (their typed answers come with the per-use-case endpoints).
  const member: BodyAt<"/api/membership/members", "post"> = {
    companyName: "Crêperie du Port",
    loginEmail: "contact@creperie.example",
    contacts: null,
    offers: [],
  };
  const offer: BodyAt<"/api/subscriptions/offers", "post"> = { name: "Pass pro", maxUsers: 3, priceTtc: 15_000, vatRate: { basisPoints: 2000 } };
  seen.push(`${member.companyName} ${offer.name}`);

  return seen;
}
