import {
  tenantsOf,
  workerCommand
} from "./chunk-4VNYRIQX.js";
import "./chunk-2CLIYPMU.js";
import "./chunk-SOX3JIUJ.js";
import "./chunk-3BAUQLIZ.js";
import "./chunk-UETU37OM.js";
import "./chunk-CKELAF72.js";
import "./chunk-W5ZCMTRQ.js";
import "./chunk-XJTLGLMY.js";
import "./chunk-DUGSIOLX.js";
import "./chunk-QI2N7CZP.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-4YJBRKOS.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-VGNTAH4S.js";
import "./chunk-XC2IMODC.js";
export {
  tenantsOf,
  workerCommand
};
