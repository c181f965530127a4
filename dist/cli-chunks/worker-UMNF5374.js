import {
  tenantsOf,
  workerCommand
} from "./chunk-X7N6ERBC.js";
import "./chunk-5EJJ3UXY.js";
import "./chunk-3QLYKSA2.js";
import "./chunk-3BAUQLIZ.js";
import "./chunk-UETU37OM.js";
import "./chunk-CX7LOAB4.js";
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
