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

  // Bulk API 2.0 ingest: an upsert on an external id, one row of it bad, then read back through a query.
  const loaded = await conn.bulk2.loadAndWaitForResults({
    object: 'Account', operation: 'upsert', externalIdFieldName: 'External_Id__c', pollInterval: 50,
    pollTimeout: 30000,
    input: 'External_Id__c,Name,NumberOfEmployees\nJS-1,"jsforce bulk, one",10\nJS-2,jsforce bulk two,\nJS-3,,5\n',
  });
  assert.strictEqual(loaded.successfulResults.length, 2);
  assert.ok(loaded.successfulResults.every(r => r.sf__Created === 'true' && /^001/.test(r.sf__Id)));
  assert.strictEqual(loaded.failedResults.length, 1);
  assert.strictEqual(loaded.failedResults[0].sf__Error,
    'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --');
  assert.strictEqual(loaded.unprocessedRecords.length, 0);
  const again = await conn.bulk2.loadAndWaitForResults({
    object: 'Account', operation: 'upsert', externalIdFieldName: 'External_Id__c', pollInterval: 50,
    pollTimeout: 30000, input: 'External_Id__c,NumberOfEmployees\njs-1,11\n',
  });
  assert.strictEqual(again.successfulResults[0].sf__Created, 'false');
  const bulkRead = await conn.query(
    "SELECT Id, Name, NumberOfEmployees FROM Account WHERE External_Id__c LIKE 'JS-%' ORDER BY External_Id__c");
  assert.deepStrictEqual(bulkRead.records.map(r => [r.Name, r.NumberOfEmployees]),
    [['jsforce bulk, one', 11], ['jsforce bulk two', null]]);
  assert.strictEqual(bulkRead.records[0].Id, loaded.successfulResults[0].sf__Id);

  // sObject Collections: create, upsert on the external id, delete; then read back.
  const made = await conn.sobject('Account').create([{ Name: 'jsforce coll A' }, { Name: 'jsforce coll B' }]);
  assert.ok(made.every(r => r.success));
  const upserted = await conn.sobject('Account').upsert([
    { External_Id__c: 'JS-2', Name: 'jsforce bulk two, upserted' },
    { External_Id__c: 'JS-9', Name: 'jsforce coll C' },
  ], 'External_Id__c');
  assert.deepStrictEqual(upserted.map(r => [r.success, r.created]), [[true, false], [true, true]]);
  const removed = await conn.sobject('Account').destroy(made.map(r => r.id));
  assert.ok(removed.every(r => r.success));
  const collRead = await conn.query("SELECT Name FROM Account WHERE Name LIKE 'jsforce coll%' ORDER BY Name");
  assert.deepStrictEqual(collRead.records.map(r => r.Name), ['jsforce coll C']);
  const renamed = await conn.query("SELECT Name FROM Account WHERE External_Id__c = 'JS-2'");
  assert.strictEqual(renamed.records[0].Name, 'jsforce bulk two, upserted');
  await conn.logout();
  console.log('jsforce conformance: ok');
})().catch(e => {
  console.error('jsforce conformance failed:', e);
  process.exit(1);
});
