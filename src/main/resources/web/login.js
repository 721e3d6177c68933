"use strict";
const params = new URLSearchParams(location.search);
document.getElementById("next").value = params.get("next") || "/";
if (params.get("failed")) {
  document.getElementById("failed").textContent = "Wrong token.";
}
