import {
  renderVerified,
  verifyCommand
} from "./chunk-NH7VPC27.js";
import "./chunk-B3OIHTCX.js";
import "./chunk-RG3CZ4OM.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-66E4ACSR.js";
import "./chunk-IGYI76RE.js";
import "./chunk-4NAQYO46.js";
import "./chunk-55BLOAHC.js";
import "./chunk-EBTV4OOR.js";
import "./chunk-CUEV4TI6.js";
import "./chunk-XC2IMODC.js";
export {
  renderVerified,
  verifyCommand
};
