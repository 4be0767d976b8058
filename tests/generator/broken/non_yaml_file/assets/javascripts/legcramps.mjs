console.log("replaced");
