import {
  redisConnection,
  tenantsOf,
  workerCommand
} from "./chunk-7NWQ4XFP.js";
import "./chunk-EAGLNKAN.js";
import "./chunk-HWEGJGKC.js";
import "./chunk-UETU37OM.js";
import "./chunk-DM2KJLM5.js";
import "./chunk-W5ZCMTRQ.js";
import "./chunk-DUGSIOLX.js";
import "./chunk-6UMYMC25.js";
import "./chunk-EUZUTXRQ.js";
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
