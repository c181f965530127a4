import {
  redisConnection,
  tenantsOf,
  workerCommand
} from "./chunk-PEY3WO7L.js";
import "./chunk-O2GJKETW.js";
import "./chunk-MXDD7BX3.js";
import "./chunk-UETU37OM.js";
import "./chunk-DM2KJLM5.js";
import "./chunk-W5ZCMTRQ.js";
import "./chunk-DUGSIOLX.js";
import "./chunk-KCRGRRHK.js";
import "./chunk-JKBLQTHZ.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-PYKQFXXX.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-FMNWHKCY.js";
import "./chunk-XC2IMODC.js";
export {
  redisConnection,
  tenantsOf,
  workerCommand
};
