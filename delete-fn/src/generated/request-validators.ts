// Generated from openapi.yaml by `npm run generate`. Do not edit; a test fails when it drifts.
// @ts-nocheck -- Ajv standalone code; delete-fn/src/request-validation.ts gives it types.
/* eslint-disable */

/** Every documented path, in the order express-openapi-validator matches them. */
export const routes = [
  { path: "/picus/get/{id}", methods: ["GET"], pattern: /^(?:\/picus\/get\/([^\/]+))(?:\/$)?$/, keys: ["id"] },
  { path: "/picus/health", methods: ["GET"], pattern: /^(?:\/picus\/health)(?:\/$)?$/, keys: [] },
  { path: "/picus/list", methods: ["GET"], pattern: /^(?:\/picus\/list)(?:\/$)?$/, keys: [] },
  { path: "/picus/put", methods: ["POST"], pattern: /^(?:\/picus\/put)(?:\/$)?$/, keys: [] },
  { path: "/picus/{id}", methods: ["DELETE"], pattern: /^(?:\/picus\/([^\/]+))(?:\/$)?$/, keys: ["id"] },
];

/** The operations the Lambda serves; `${operationId}Request` below validates their parameters. */
export const operations = [
  { method: "DELETE", path: "/picus/{id}", operationId: "deleteItem", handlerRoute: /^(?:\/picus\/([^\/]+))$/, knownQuery: [], allowEmptyQuery: [] },
];

// Parameters are coerced by type, as the validator coerces query and path parameters.

export const deleteItemRequest = validate0;
const schema0 = {"required":["query","headers","params"],"properties":{"query":{},"headers":{},"params":{"type":"object","properties":{"id":{"type":"string","format":"uuid"}},"required":["id"]},"cookies":{},"body":{}}};
const formats0 = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

function validate0(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((data.query === undefined) && (missing0 = "query")) || ((data.headers === undefined) && (missing0 = "headers"))) || ((data.params === undefined) && (missing0 = "params"))){
validate0.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
if(data.params !== undefined){
let data0 = data.params;
const _errs0 = errors;
if(errors === _errs0){
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
let missing1;
if((data0.id === undefined) && (missing1 = "id")){
validate0.errors = [{instancePath:instancePath+"/params",schemaPath:"#/properties/params/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
if(data0.id !== undefined){
let data1 = data0.id;
const _errs2 = errors;
if(typeof data1 !== "string"){
let dataType0 = typeof data1;
let coerced0 = undefined;
if(!(coerced0 !== undefined)){
if(dataType0 == "number" || dataType0 == "boolean"){
coerced0 = "" + data1;
}
else if(data1 === null){
coerced0 = "";
}
else {
validate0.errors = [{instancePath:instancePath+"/params/id",schemaPath:"#/properties/params/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
if(coerced0 !== undefined){
data1 = coerced0;
if(data0 !== undefined){
data0["id"] = coerced0;
}
}
}
if(errors === _errs2){
if(errors === _errs2){
if(typeof data1 === "string"){
if(!(formats0.test(data1))){
validate0.errors = [{instancePath:instancePath+"/params/id",schemaPath:"#/properties/params/properties/id/format",keyword:"format",params:{format: "uuid"},message:"must match format \""+"uuid"+"\""}];
return false;
}
}
}
}
}
}
}
else {
validate0.errors = [{instancePath:instancePath+"/params",schemaPath:"#/properties/params/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
}
}
}
validate0.errors = vErrors;
return errors === 0;
}

