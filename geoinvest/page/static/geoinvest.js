window.geoinvest={maps:[],mount:function(){}};
