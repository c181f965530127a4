import {
  renderVerified,
  verifyCommand
} from "./chunk-IFULDGWV.js";
import "./chunk-5UPYYDAK.js";
import "./chunk-3BAUQLIZ.js";
import "./chunk-IV6L4BFD.js";
import "./chunk-QI2N7CZP.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-433K37J5.js";
import "./chunk-YDXCRINK.js";
import "./chunk-4YJBRKOS.js";
import "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-COKXHIQ7.js";
import "./chunk-4FYGECKA.js";
import "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import "./chunk-XC2IMODC.js";
export {
  renderVerified,
  verifyCommand
};
