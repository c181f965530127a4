import {
  renderVerified,
  verifyCommand
} from "./chunk-CTA6OAVI.js";
import "./chunk-AJHQZXOJ.js";
import "./chunk-LD37PXEX.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-5E3FAMAE.js";
import "./chunk-IGYI76RE.js";
import "./chunk-2DMFBX5M.js";
import "./chunk-7HT634DF.js";
import "./chunk-OP7ZSHZK.js";
import "./chunk-PV6VDUZY.js";
import "./chunk-XC2IMODC.js";
export {
  renderVerified,
  verifyCommand
};
