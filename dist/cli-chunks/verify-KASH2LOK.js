import {
  renderVerified,
  verifyCommand
} from "./chunk-HOUWCCP6.js";
import "./chunk-CVDZPYUD.js";
import "./chunk-6UMYMC25.js";
import "./chunk-NQB2ZTJM.js";
import "./chunk-EUZUTXRQ.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-GLGEZBL6.js";
import "./chunk-PYKQFXXX.js";
import "./chunk-TDDLD33T.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-CZ6TNMRW.js";
import "./chunk-EKDGROW3.js";
import "./chunk-HRYMA4Y5.js";
import "./chunk-FMNWHKCY.js";
import "./chunk-XC2IMODC.js";
export {
  renderVerified,
  verifyCommand
};
