// The emulator driven by jsforce, a widely used Salesforce client that is not camel-salesforce.
// Run by JsforceConformanceIT: node jsforce-conformance.js <loginUrl> <accounts>; exits non-zero on any mismatch.
const assert = require('assert');
const jsforce = require('jsforce');

(async () => {
  const [loginUrl, accountsArg] = process.argv.slice(2);
  const accounts = Number(accountsArg);
  const conn = new jsforce.Connection({
    oauth2: { loginUrl, clientId: 'sfsync-demo-client', clientSecret: 'sfsync-demo-secret' },
    version: '62.0',
  });
  const user = await conn.login('integration@demo.sfsync.io', 'demo-password');
  assert.match(user.organizationId, /^00D/);

  const all = await conn.query('SELECT Id, Name, Owner.Name FROM Account').run({ autoFetch: true, maxFetch: 1e6 });
  assert.strictEqual(all.totalSize, accounts);
  assert.strictEqual(all.records.length, accounts);
  assert.strictEqual(new Set(all.records.map(r => r.Id)).size, accounts);
  assert.ok(all.records[0].Owner.Name);

  const count = await conn.query('SELECT COUNT() FROM Account');
  assert.strictEqual(count.totalSize, accounts);

  const limits = await conn.limits();
  assert.ok(limits.DailyApiRequests.Remaining < limits.DailyApiRequests.Max);

  const describe = await conn.sobject('Kitchen_Sink__c').describe();
  assert.ok(describe.fields.some(f => f.type === 'location' && f.compoundFieldName === null));

  const bulk = await (await conn.bulk2.query('SELECT Id, Name, Text__c FROM Kitchen_Sink__c',
    { pollInterval: 50, pollTimeout: 30000 })).toArray();
  const rest = await conn.query('SELECT Id, Name, Text__c FROM Kitchen_Sink__c').run({ autoFetch: true });
  assert.strictEqual(bulk.length, rest.totalSize);
  const byId = new Map(rest.records.map(r => [r.Id, r]));
  for (const row of bulk) {
    assert.strictEqual(row.Text__c, byId.get(row.Id).Text__c ?? '', 'Text__c of ' + row.Id);
  }

  const created = await conn.sobject('Account').create({ Name: 'jsforce, "quoted" Zoë' });
  assert.ok(created.success);
  await conn.sobject('Account').update({ Id: created.id, Industry: 'Energy' });
  const got = await conn.sobject('Account').retrieve(created.id);
  assert.strictEqual(got.Name, 'jsforce, "quoted" Zoë');
  assert.strictEqual(got.Industry, 'Energy');
  await conn.sobject('Account').destroy(created.id);
  const soql = "SELECT Id, IsDeleted FROM Account WHERE Id = '" + created.id + "'";
  assert.strictEqual((await conn.query(soql)).totalSize, 0);
  const deleted = await conn.query(soql, { scanAll: true });
  assert.strictEqual(deleted.records[0].IsDeleted, true);

  await assert.rejects(conn.query('SELECT Nope FROM Account'), e => e.errorCode === 'INVALID_FIELD');
  await conn.logout();
  console.log('jsforce conformance: ok');
})().catch(e => {
  console.error('jsforce conformance failed:', e);
  process.exit(1);
});
